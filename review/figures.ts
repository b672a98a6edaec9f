// Pure readings of the review's series: peaks, minutes over a threshold, intervals, transitions.
import type { Sample } from './prometheusApi';

export interface Interval {
  from: number;
  to: number;
}

export function peakOf(points: readonly Sample[]): Sample | undefined {
  let best: Sample | undefined;
  for (const p of points) if (!best || p.v > best.v) best = p;
  return best;
}

/** Stretches where `test` holds on consecutive samples (a gap over 1.5 steps closes one). */
export function intervalsWhere(points: readonly Sample[], stepMs: number, test: (v: number) => boolean): Interval[] {
  const out: Interval[] = [];
  let open: Interval | undefined;
  let last = -Infinity;
  for (const p of points) {
    const gap = p.t - last > 1.5 * stepMs;
    if (open && (gap || !test(p.v))) {
      out.push(open);
      open = undefined;
    }
    if (test(p.v)) {
      if (open) open.to = p.t + stepMs;
      else open = { from: p.t, to: p.t + stepMs };
    }
    last = p.t;
  }
  if (open) out.push(open);
  return out;
}

export const minutesOf = (intervals: readonly Interval[]): number =>
  intervals.reduce((sum, i) => sum + (i.to - i.from), 0) / 60_000;

/** The instants where the current state changes, from per-state 0/1 samples. */
export function transitions(byState: ReadonlyMap<string, readonly Sample[]>): { t: number; state: string }[] {
  const at = new Map<number, string>();
  for (const [state, points] of byState) for (const p of points) if (p.v === 1) at.set(p.t, state);
  const out: { t: number; state: string }[] = [];
  for (const t of [...at.keys()].sort((a, b) => a - b)) {
    const state = at.get(t)!;
    if (out.at(-1)?.state !== state) out.push({ t, state });
  }
  return out;
}

/** Signed relative error of a forecast against what came: +0.1 is 10% too high. */
export const relativeError = (forecast: number, actual: number): number => (forecast - actual) / actual;
