import { cmcdModule } from '../cmcd';
import { launchModule } from '../modules/launchModule';
import type { ModuleFactory } from '../serve';

/** The optional modules `launchday serve` plugs in: calendar + forecast + preview, and CMCD. */
export const exporterModules: ModuleFactory[] = [launchModule, cmcdModule];
