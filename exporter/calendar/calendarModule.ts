import type { ModuleFactory } from '../serve';
import { createCalendarService } from './calendarService';
import { calendarConfigSchema } from './config';

/**
 * Plugs the calendar into `launchday serve`: validates the `calendar:` section, feeds calendar titles
 * to the label guard, serves the API and reloads on SIGHUP. A config without the section gets an
 * empty calendar (its health metrics stay absent). A bad section throws at start with zod's message.
 */
export const calendarModule: ModuleFactory = ({ config, logger, state, exposition }) => {
  const parsed = calendarConfigSchema.safeParse(config.calendar ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `calendar.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid calendar configuration: ${detail}`);
  }
  const service = createCalendarService({
    config: parsed.data,
    logger: logger.child({ module: 'calendar' }),
    registry: exposition.registry,
    onTitles: (titles) => state.guard.setCalendarTitles(titles),
  });
  return {
    routers: [service.router],
    start: () => service.start(),
    stop: () => service.stop(),
    reload: () => service.reload(),
  };
};
