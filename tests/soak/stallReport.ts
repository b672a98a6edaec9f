import type { GcPause, Stall, StallProfileFile } from './stallProfiler';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface StallRow {
  atS: number;
  lateMs: number;
  ranMs: number;
  waitedMs: number;
  requests: number;
  gcMs: number;
  gcKinds: string;
  /** The functions the samples in the stall were in: the leaf, and the deepest exporter frame. */
  top: string;
  cause: string;
}

const GC_KIND: Record<number, string> = { 1: 'scavenge', 2: 'mark-compact', 4: 'incremental', 8: 'weak-cb' };

/** Names a frame as `function (file:line)`, with the path cut to the project's. */
function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\//, '').replace(/^.*?\/(exporter|core|node_modules|tests)\//, '$1/');
  return file ? `${functionName || '(anonymous)'} (${file}:${lineNumber + 1})` : functionName;
}

/**
 * Attributes each stall over `overMs`: "no CPU: preempted" when the main thread ran under half the
 * stall's wall time (schedstat), "GC <kind>" when the GC pauses inside it cover half of it or more,
 * else the exporter function most of its samples were under (leaf beside it). Only stalls after the first
 * request count (before it is the start-up's module loading); t is from that request.
 */
export function attributeStalls(file: StallProfileFile, overMs = 30): StallRow[] {
  const profile = file.profile as CpuProfile | null;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  const times: number[] = [];
  if (profile) {
    for (const n of profile.nodes) {
      byId.set(n.id, n);
      for (const c of n.children ?? []) parent.set(c, n.id);
    }
    let t = profile.startTime;
    for (const d of profile.timeDeltas) times.push((t += d));
  }
  const origin = file.firstRequestUs;
  const exporterFrame = (id: number): string | undefined => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)!;
      if (n.callFrame.url.includes('/exporter/')) return frameName(n);
    }
    return undefined;
  };
  const rows: StallRow[] = [];
  for (const s of file.stalls.filter((x: Stall) => x.lateMs > overMs && x.fromUs >= origin)) {
    const inside = file.gcs.filter((g: GcPause) => g.fromUs < s.toUs && g.fromUs + g.ms * 1000 > s.fromUs);
    const gcMs = inside.reduce(
      (a, g) => a + (Math.min(s.toUs, g.fromUs + g.ms * 1000) - Math.max(s.fromUs, g.fromUs)) / 1000,
      0
    );
    const counts = new Map<string, number>();
    let samples = 0;
    if (profile)
      for (let i = 0; i < times.length; i++) {
        if (times[i]! < s.fromUs || times[i]! > s.toUs) continue;
        const id = profile.samples[i]!;
        const leaf = byId.get(id)!;
        const key = ['(idle)', '(program)', '(garbage collector)'].includes(leaf.callFrame.functionName)
          ? leaf.callFrame.functionName
          : `${exporterFrame(id) ?? '(outside exporter)'} <- leaf ${frameName(leaf)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        samples++;
      }
    const ranked = [...counts].sort((a, b) => b[1] - a[1]);
    const top = ranked
      .slice(0, 2)
      .map(([k, n]) => `${k} ${samples ? Math.round((100 * n) / samples) : 0}%`)
      .join('; ');
    const wall = (s.toUs - s.fromUs) / 1000;
    const kinds = [...new Set(inside.map((g) => GC_KIND[g.kind] ?? String(g.kind)))].join('+');
    const cause =
      s.ranMs > 0 && s.ranMs < wall / 2
        ? 'no CPU: preempted'
        : gcMs >= wall / 2
          ? `GC ${kinds}`
          : (ranked[0]?.[0].split(' <- ')[0] ?? 'no samples');
    rows.push({
      atS: (s.fromUs - origin) / 1e6,
      lateMs: s.lateMs,
      ranMs: s.ranMs,
      waitedMs: s.waitedMs,
      requests: s.requests,
      gcMs,
      gcKinds: kinds,
      top: top || `${samples} samples`,
      cause,
    });
  }
  return rows;
}

/** The table's lines, and a count per cause. */
export function formatStallRows(rows: StallRow[]): string[] {
  const lines = rows.map(
    (r) =>
      `  t=${r.atS.toFixed(1).padStart(6)} s  stall ${r.lateMs.toFixed(0).padStart(4)} ms  ran ${r.ranMs.toFixed(0).padStart(3)} ms  runnable-waiting ${r.waitedMs.toFixed(0).padStart(3)} ms  ${String(r.requests).padStart(3)} requests  GC ${r.gcMs.toFixed(0).padStart(3)} ms ${r.gcKinds}  -> ${r.cause}  [${r.top}]`
  );
  const byCause = new Map<string, { n: number; ms: number }>();
  for (const r of rows) {
    const c = byCause.get(r.cause) ?? { n: 0, ms: 0 };
    byCause.set(r.cause, { n: c.n + 1, ms: Math.max(c.ms, r.lateMs) });
  }
  const sum = (f: (r: StallRow) => number) => rows.reduce((a, r) => a + f(r), 0).toFixed(0);
  lines.push(
    `  ${rows.length} stalls: ${sum((r) => r.lateMs)} ms late in all; the main thread ran ${sum((r) => r.ranMs)} ms and waited runnable ${sum((r) => r.waitedMs)} ms in them, GC ${sum((r) => r.gcMs)} ms, ${sum((r) => r.requests)} requests begun`,
    ...[...byCause].sort((a, b) => b[1].n - a[1].n).map(([c, v]) => `  ${v.n} x ${c} (longest ${v.ms.toFixed(0)} ms)`)
  );
  return lines;
}
