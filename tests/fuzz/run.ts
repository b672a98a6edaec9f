// `npm run fuzz [-- --inputs N --seed S]`: the fuzz and abuse suite at full budget (1M inputs by
// default). Prints each target's figures, the status codes, the heap, and every finding; exits 1 on any.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runFuzz } from './fuzzRun';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      inputs: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    },
  });
  const inputs = Number(values.inputs);
  const seed = Number(values.seed);
  if (!Number.isInteger(inputs) || inputs <= 0 || !Number.isInteger(seed)) {
    console.error('usage: npm run fuzz -- [--inputs N] [--seed S]');
    return 2;
  }
  console.log(`launchday fuzz: ${inputs} inputs, seed ${seed}, load average ${load()}`);
  const report = await runFuzz({
    inputs,
    seed,
    log: (line) => console.log(`  ${line}`),
    onStart: (name, runs) =>
      process.stderr.write(`  (${new Date().toISOString().slice(11, 19)} ${name}: ${runs} inputs...)\n`),
  });
  const seconds = report.ms / 1000;
  const statuses = [...report.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
  console.log(`total: ${report.inputs} inputs in ${seconds.toFixed(1)} s (${Math.round(report.inputs / seconds)}/s)`);
  console.log(`HTTP statuses: ${statuses.join(', ')}`);
  // A stall is a late probe (every 10 ms) capped by the CPU its process spent meanwhile, so a run on a
  // shared machine is not charged for other processes' time on its cores. HTTP targets: measured in the
  // exporter's own process, its GC counted. Parser targets (pure, in this process): GC pauses taken out
  // (the heap there is mostly the fuzz's own), shown apart.
  console.log('worst stall per target, longest GC pause, slowest input (wall, client and exporter):');
  for (const f of [...report.targets].sort((a, b) => b.maxStallMs - a.maxStallMs))
    console.log(
      `  ${f.maxStallMs.toFixed(0).padStart(5)} ms ${f.inExporter ? '(exporter, GC in)' : '(in process, GC out)'}  GC ${f.maxGcMs.toFixed(0).padStart(4)} ms  ${f.name.padEnd(40)} slowest ${f.slowestMs.toFixed(0)} ms: ${(f.slowest ?? '').slice(0, 80)}${f.culprits.length ? `\n      requests begun in the longest stall: ${f.culprits.join(', ').slice(0, 300)}` : ''}`
    );
  console.log(
    `heap after GC: ${report.heapStartMb.toFixed(0)} MB at start, ${report.heapEndMb.toFixed(0)} MB at the end (fuzz process)` +
      (report.exporterHeap
        ? `; exporter process ${report.exporterHeap.startMb.toFixed(0)} MB at start, ${report.exporterHeap.endMb.toFixed(0)} MB at the end`
        : '')
  );
  console.log(`load average at the end: ${load()}`);
  if (report.findings.length) {
    console.log(`${report.findings.length} finding(s):`);
    for (const f of report.findings) console.log(`  - ${f}`);
    return 1;
  }
  console.log('no findings: no crash, no 5xx, no stall over 100 ms, heap bounded, counters equal');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  }
);
