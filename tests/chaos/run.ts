/**
 * npm run chaos — faults during a replayed premiere, each printed with its figure: SIGKILL and SIGTERM
 * (the gauge against the truth), a full and a read-only state directory (the sessions reported lost),
 * a corrupt calendar (last good kept, the loop responsive), a mass expiry (the gauge within one
 * heartbeat interval). `--sessions N` and `--mass N` size it (default 20,000 and 2,000,000).
 */
import { loadavg } from 'node:os';
import { allScenarios } from './scenarios';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

async function main() {
  const sizes = { sessions: arg('sessions', 20_000), massExpiry: arg('mass', 2_000_000) };
  console.log(
    `chaos — ${sizes.sessions} sessions, mass expiry of ${sizes.massExpiry}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  );
  const figures = await allScenarios(sizes, (f) =>
    console.log(`${f.ok ? 'ok  ' : 'FAIL'} ${f.scenario.padEnd(28)} ${f.figure}`)
  );
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  );
  process.exit(figures.every((f) => f.ok) ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
