import { launchModule } from '../modules/launchModule';
import type { ModuleFactory } from '../serve';

/** The optional modules `launchday serve` plugs in: calendar + forecast + preview. */
export const exporterModules: ModuleFactory[] = [launchModule];
