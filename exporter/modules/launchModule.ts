import { capacityAt } from '../../core/capacity/capacity-at';
import { calendarConfigSchema, createCalendarService } from '../calendar';
import { createForecastService } from '../forecast';
import type { ModuleFactory } from '../serve';
import { sampleTelemetry } from '../state/telemetrySample';
import { forecastConfigSchema } from './forecastConfig';
import { previewRouter } from './previewRouter';

/**
 * The calendar, the forecast that reads it, and the preview that shows both, plugged into
 * `launchday serve` together: the forecast needs the calendar's events and capacity.
 */
export const launchModule: ModuleFactory = ({ config, logger, state, exposition }) => {
  const calendarConfig = parseSection('calendar', calendarConfigSchema, config.calendar);
  const forecastConfig = parseSection('forecast', forecastConfigSchema, config.forecast);
  const calendar = createCalendarService({
    config: calendarConfig,
    logger: logger.child({ module: 'calendar' }),
    registry: exposition.registry,
    onTitles: (titles) => state.guard.setCalendarTitles(titles),
  });
  const forecast = createForecastService({
    registry: exposition.registry,
    logger: logger.child({ module: 'forecast' }),
    sample: () => sampleTelemetry(state),
    events: () => calendar.events(),
    capacity: () => {
      const limits = new Map(capacityAt(calendar.capacity(), Date.now()).map((r) => [r.id, r.limit]));
      return { viewers: limits.get('viewers'), logins: limits.get('logins'), segments: limits.get('segments') };
    },
    historyFile: forecastConfig.historyFile,
    refreshMs: forecastConfig.refreshSeconds * 1000,
    sampleMs: forecastConfig.sampleSeconds * 1000,
  });
  return {
    routers: [calendar.router, previewRouter(() => forecast.recent())],
    start: async () => {
      await calendar.start();
      forecast.start();
    },
    stop: async () => {
      await forecast.stop();
      calendar.stop();
    },
    reload: () => calendar.reload(),
  };
};

function parseSection<T>(
  name: string,
  schema: {
    safeParse(
      v: unknown
    ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown
): T {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((i) => `${name}.${i.path.map(String).join('.')}: ${i.message}`).join('; ');
  throw new Error(`invalid ${name} configuration: ${detail}`);
}
