import { Command, CommanderError } from 'commander';
import { version } from '../version';
import { registerBacktestCommand } from './backtest';
import { registerCalendarCommand } from './calendar';
import { registerDemoCommand } from './demo';
import { registerReviewCommand } from './review';
import { registerServeCommand } from './serve';
import { registerSimulateCommand } from './simulate';
import { registerTailCommand } from './tail';

const program = new Command('launchday')
  .description('Launch-night observability for streaming platforms')
  .version(version)
  .showHelpAfterError()
  // Usage errors (unknown option, bad argument) exit 2 in every command; runtime errors exit 1.
  .exitOverride();

registerDemoCommand(program);
registerServeCommand(program);
registerCalendarCommand(program);
registerBacktestCommand(program);
registerSimulateCommand(program);
registerTailCommand(program);
registerReviewCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2); // commander printed the message
  console.error(`launchday: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
