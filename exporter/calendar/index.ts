/** The calendar's public face, for the launch module (exporter/modules) and the CLI. */
export { calendarConfigSchema, type CalendarConfig, type CalendarConfigInput } from './config';
export { createCalendarService, type CalendarService, type CalendarServiceOptions } from './calendarService';
export type { SourceStatus } from './sourceStatus';
export { capacityAt, limitAt, resourceAt, type ResolvedResource } from '../../core/capacity/capacityAt';
export type { Capacity, CapacityResource } from '../../core/capacity/capacity';
export type { CalendarEvent, EventKind } from '../../core/calendar/event';
