import { Option, type Command } from 'commander';
import { followFile } from '../cmcd/fileFollower';
import { createLogShipper } from '../cmcd/logShipper';

interface TailOptions {
  format: 'nginx-cmcd';
  target: string;
  cdn?: string;
  token?: string;
  fromStart?: boolean;
  pollMs: string;
}

/** `launchday tail FILE --format nginx-cmcd --target URL`: a log shipper for CDN and origin access logs. */
export function registerTailCommand(program: Command): void {
  program
    .command('tail')
    .description('follow an access log (across rotation) and POST its CMCD lines to the exporter /v1/cdn-logs')
    .argument('<file>', 'access log written with the launchday_cmcd log_format (docs/cmcd.md)')
    .addOption(new Option('--format <format>', 'log line format').choices(['nginx-cmcd']).default('nginx-cmcd'))
    .requiredOption('--target <url>', 'exporter base URL, e.g. http://127.0.0.1:9464')
    .option('--cdn <name>', 'CDN label for requests that name none (default: the exporter cmcd.logs.cdn)')
    .option('--token <token>', 'ingestion bearer token (env LAUNCHDAY_INGEST_TOKEN)')
    .option('--from-start', 'ship the lines already in the file too (default: only new lines)')
    .option('--poll-ms <ms>', 'how often to look for new lines', '250')
    .action(async (file: string, opts: TailOptions) => {
      await tail(file, opts);
    });
}

async function tail(file: string, opts: TailOptions): Promise<void> {
  const aborter = new AbortController();
  const shipper = createLogShipper({
    target: opts.target,
    format: opts.format,
    cdn: opts.cdn,
    token: opts.token ?? process.env.LAUNCHDAY_INGEST_TOKEN,
    signal: aborter.signal,
    onResult: (result, firstLine) => {
      for (const e of result.errors) console.error(`launchday tail: line ${firstLine + e.line - 1}: ${e.error}`);
    },
    onRetry: (reason, delayMs) => console.error(`launchday tail: ${reason}; retrying in ${delayMs} ms`),
  });
  let failure: Error | undefined;
  let finish = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const follower = followFile(file, {
    fromStart: opts.fromStart ?? false,
    pollMs: Math.max(10, Number(opts.pollMs) || 250),
    onLines: (lines) => shipper.ship(lines),
    onError: (err) => {
      if (!aborter.signal.aborted) failure = err;
      finish();
    },
  });
  process.once('SIGINT', finish);
  process.once('SIGTERM', finish);
  await finished;
  aborter.abort();
  await follower.stop();
  const t = shipper.totals;
  console.error(
    `launchday tail: ${t.lines} lines shipped: ${t.accepted} applied, ${t.rejected} rejected, ${t.ignored} ignored, ${t.stale} stale`
  );
  if (failure) {
    console.error(`launchday tail: ${failure.message}`);
    process.exitCode = 1;
  }
}
