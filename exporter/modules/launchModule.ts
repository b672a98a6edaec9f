import { capacityAt } from '../../core/capacity/capacityAt';
import { forecastCapacity } from '../forecast/forecastCapacity';
import { calendarConfigSchema, createCalendarService } from '../calendar';
import { parseConfigSection } from '../config/configSection';
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
  const calendarConfig = parseConfigSection('calendar', calendarConfigSchema, config.calendar);
  const forecastConfig = parseConfigSection('forecast', forecastConfigSchema, config.forecast);
  const calendar = createCalendarService({
    config: calendarConfig,
    logger: logger.child({ module: 'calendar' }),
    registry: exposition.registry,
    onTitles: (titles) => state.guard.setCalendarTitles(titles),
  });
  const unlistedCdns = new Set<string>();
  const forecast = createForecastService({
    registry: exposition.registry,
    logger: logger.child({ module: 'forecast' }),
    sample: () => sampleTelemetry(state),
    events: () => calendar.events(),
    capacity: () => {
      const capacity = forecastCapacity(capacityAt(calendar.capacity(), Date.now()));
      for (const cdn of capacity.segmentsByCdn?.keys() ?? []) {
        // Requests from a CDN off the allow-list are counted as `other`: its own forecast would read 0.
        if (cdn === 'other' || state.guard.dimension('cdn', cdn) !== 'other' || unlistedCdns.has(cdn)) continue;
        unlistedCdns.add(cdn);
        logger.warn(
          { resource: `segments:${cdn}` },
          'forecast: capacity names a CDN that is not in allow.cdn; its requests count as "other"'
        );
      }
      return capacity;
    },
    capacityPlan: () => calendar.capacity(),
    historyFile: forecastConfig.historyFile,
    refreshMs: forecastConfig.refreshSeconds * 1000,
    sampleMs: forecastConfig.sampleSeconds * 1000,
    timeScale: forecastConfig.timeScale,
    publish: forecastConfig.publish,
    source:
      forecastConfig.source === 'prometheus'
        ? {
            kind: 'prometheus',
            url: forecastConfig.prometheus!.url,
            rateWindowSeconds: forecastConfig.prometheus!.rateWindowSeconds,
            timeoutMs: forecastConfig.prometheus!.timeoutSeconds * 1000,
          }
        : { kind: 'embedded' },
    objectives: { login_success: forecastConfig.slo.loginSuccess, segment_errors: forecastConfig.slo.segmentErrors },
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
