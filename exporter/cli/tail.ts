import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { buildKetamaRing, partitionBySid, shardServerOf } from '../../core/sharding';
import { followFile } from '../cmcd/fileFollower';
import { createLogShipper, type ShipperTotals } from '../cmcd/logShipper';
import { parseNginxCmcdLine } from '../cmcd/nginxCmcdLine';

interface TailOptions {
  format: 'nginx-cmcd';
  target: string[];
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
    .requiredOption(
      '--target <url>',
      "exporter base URL, e.g. http://127.0.0.1:9464; repeat it for shards: each line goes to its session's shard (docs/scaling.md)",
      (url: string, all: string[]) => [...all, url],
      []
    )
    .option('--cdn <name>', 'CDN label for requests that name none (default: the exporter cmcd.logs.cdn)')
    .option('--token <token>', 'ingestion bearer token (env LAUNCHDAY_INGEST_TOKEN)')
    .option('--from-start', 'ship the lines already in the file too (default: only new lines)')
    .option('--poll-ms <ms>', 'how often to look for new lines', '250')
    .action(async (file: string, opts: TailOptions) => {
      await tail(file, opts);
    });
}

/** The sid of a log line's CMCD (query or CMCD-Session header), as nginx's ring key; undefined without one. */
export function sidOfLogLine(line: string): string | undefined {
  const parsed = parseNginxCmcdLine(line);
  if (!('request' in parsed)) return undefined;
  return /(?:^|,)\s*sid="([^"]*)"/.exec(parsed.request.cmcd)?.[1];
}

async function tail(file: string, opts: TailOptions): Promise<void> {
  const aborter = new AbortController();
  // One shipper per shard; each keeps its own order and backpressure. A shard that is down holds the
  // tail back (the log file stays the buffer) rather than moving its sessions elsewhere.
  const shippers = opts.target.map((target) =>
    createLogShipper({
      target,
      format: opts.format,
      cdn: opts.cdn,
      token: opts.token ?? process.env.LAUNCHDAY_INGEST_TOKEN,
      signal: aborter.signal,
      onResult: (result, firstLine) => {
        const where = opts.target.length > 1 ? ` (${target}'s line)` : '';
        for (const e of result.errors)
          console.error(`launchday tail: line ${firstLine + e.line - 1}${where}: ${e.error}`);
      },
      onRetry: (reason, delayMs) => console.error(`launchday tail: ${target}: ${reason}; retrying in ${delayMs} ms`),
    })
  );
  const ring = buildKetamaRing(opts.target.map((t) => ({ server: shardServerOf(t) })));
  const ship = async (lines: string[]): Promise<void> => {
    if (shippers.length === 1) return shippers[0]!.ship(lines);
    const { parts } = partitionBySid(ring, lines, sidOfLogLine);
    await Promise.all(parts.map((part, i) => (part.length ? shippers[i]!.ship(part) : undefined)));
  };
  const totals = (): ShipperTotals =>
    shippers
      .map((s) => s.totals)
      .reduce((a, t) => ({
        lines: a.lines + t.lines,
        accepted: a.accepted + t.accepted,
        rejected: a.rejected + t.rejected,
        ignored: a.ignored + t.ignored,
        stale: a.stale + t.stale,
      }));
  let failure: Error | undefined;
  let finish = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  if (!existsSync(file)) console.error(`launchday tail: ${file} does not exist yet; waiting for it (Ctrl-C stops)`);
  const follower = followFile(file, {
    fromStart: opts.fromStart ?? false,
    pollMs: Math.max(10, Number(opts.pollMs) || 250),
    onLines: (lines) => ship(lines),
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
  const t = totals();
  console.error(
    `launchday tail: ${t.lines} lines shipped: ${t.accepted} applied, ${t.rejected} rejected, ${t.ignored} ignored, ${t.stale} stale`
  );
  if (failure) {
    console.error(`launchday tail: ${failure.message}`);
    process.exitCode = 1;
  }
}
