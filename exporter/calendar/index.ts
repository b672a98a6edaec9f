/** The calendar module's public face, for exporter/serve and the CLI. */
export { calendarConfigSchema, type CalendarConfig, type CalendarConfigInput } from './config';
export { createCalendarService, type CalendarService, type CalendarServiceOptions } from './calendar-service';
export { calendarModule } from './calendar-module';
export type { SourceStatus } from './source-status';
export { capacityAt, limitAt, resourceAt, type ResolvedResource } from '../../core/capacity/capacity-at';
export type { Capacity, CapacityResource } from '../../core/capacity/capacity';
export type { CalendarEvent, EventKind } from '../../core/calendar/event';
