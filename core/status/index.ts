export { eventStatus, EVENT_STATUSES, RED_HORIZON_MS } from './statusRule';
export type { EventStatus, ResourceReading, SloReading, StatusInput, StatusResult } from './statusRule';
export { sloBreached, DEFAULT_SLO_OBJECTIVES } from './slo';
export type { SloName, SloObjectives } from './slo';
