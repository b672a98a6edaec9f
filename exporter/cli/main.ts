import { Command } from 'commander';
import { version } from '../version';
import { registerServeCommand } from './serve';

const program = new Command('launchday')
  .description('Launch-night observability for streaming platforms')
  .version(version)
  .showHelpAfterError();

registerServeCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`launchday: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
