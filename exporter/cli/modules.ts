import type { ModuleFactory } from '../serve';

/** The optional modules `launchday serve` plugs in (calendar, forecast, CMCD, preview). */
export const exporterModules: ModuleFactory[] = [];
