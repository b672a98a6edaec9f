/**
 * The intended audience of one title around one airing: a pre-event ramp, a rise to the peak,
 * a hold through the live window, then a decay (short for live, long for a binge drop), plus
 * bumps such as a halftime show. Fractions of `peak`; times in epoch ms.
 */
export interface AudienceBump {
  at: number;
  widthMinutes: number;
  /** Added fraction of the peak at the bump's centre (negative for a dip). */
  gain: number;
}

export interface AudienceComponent {
  title: string;
  start: number;
  end: number;
  peak: number;
  /** When the audience reaches its peak (on or after start). */
  peakAt: number;
  rampMinutes: number;
  /** Fraction of the peak already there at start (people waiting for T0). */
  preLevel: number;
  /** Fraction of the peak still there at end. */
  holdLevel: number;
  decayMinutes: number;
  /** `long`: a binge drop's hyperbolic tail; `short`: exponential. */
  tail: 'short' | 'long';
  bumps: AudienceBump[];
}

const MINUTE = 60_000;

function smoothstep(x: number): number {
  const c = Math.min(1, Math.max(0, x));
  return c * c * (3 - 2 * c);
}

/** The component's shape at t, as a fraction of its peak, never negative. */
export function componentShape(c: AudienceComponent, t: number): number {
  const rampStart = c.start - c.rampMinutes * MINUTE;
  let level: number;
  if (t < rampStart) return 0;
  if (t < c.start) {
    const x = (t - rampStart) / Math.max(1, c.start - rampStart);
    level = c.preLevel * x * x;
  } else if (t < c.peakAt) {
    level = c.preLevel + (1 - c.preLevel) * smoothstep((t - c.start) / Math.max(1, c.peakAt - c.start));
  } else if (t < c.end) {
    level = 1 - (1 - c.holdLevel) * ((t - c.peakAt) / Math.max(1, c.end - c.peakAt));
  } else {
    const after = (t - c.end) / (c.decayMinutes * MINUTE);
    level = c.holdLevel * (c.tail === 'long' ? 1 / (1 + after) : Math.exp(-after));
  }
  for (const b of c.bumps) {
    const z = (t - b.at) / (b.widthMinutes * MINUTE);
    level += b.gain * Math.exp(-0.5 * z * z);
  }
  return Math.max(0, level);
}

export interface TitleAudience {
  title: string;
  /** Viewers who watch this title regardless of the event (catalogue replays, lockdown baseline). */
  baseline: number;
  components: AudienceComponent[];
}

/** Intended viewers of one title at t: its baseline plus every airing's component. */
export function titleViewersAt(audience: TitleAudience, t: number): number {
  let viewers = Math.max(0, audience.baseline);
  for (const c of audience.components) viewers += c.peak * componentShape(c, t);
  return viewers;
}
