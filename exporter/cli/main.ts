import { Command } from 'commander';
import { version } from '../version';
import { registerBacktestCommand } from './backtest';
import { registerCalendarCommand } from './calendar';
import { registerDemoCommand } from './demo';
import { registerServeCommand } from './serve';
import { registerSimulateCommand } from './simulate';
import { registerTailCommand } from './tail';

const program = new Command('launchday')
  .description('Launch-night observability for streaming platforms')
  .version(version)
  .showHelpAfterError();

registerDemoCommand(program);
registerServeCommand(program);
registerCalendarCommand(program);
registerBacktestCommand(program);
registerSimulateCommand(program);
registerTailCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`launchday: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
