import type { LoadedEvent } from './runner';

// The backtest tests' one event: a flat 1000 from T0 − 6 h, a rise to 3000 over `riseMin` from T0, then flat.
export const MIN = 60_000;
export const T0 = Date.UTC(2026, 2, 10, 12);

/** 5-minute samples from T0 − 6 h, `samples` of them; the window ends at T0 + 6 h. */
export function rampEvent(riseMin: number, samples: number): LoadedEvent {
  const points = Array.from({ length: samples }, (_, i) => {
    const t = T0 - 6 * 60 * MIN + i * 5 * MIN;
    const m = (t - T0) / MIN;
    return { t, v: 1000 * (1 + (m > 0 ? 2 * Math.min(1, m / riseMin) : 0)) };
  });
  return {
    event: { label: 'test@T0', file: 'test.csv', id: 'test', t0: T0, kind: 'episode' },
    points,
    windowEnd: T0 + 360 * MIN,
    baseline: 1000,
    peak: 3000,
  };
}
