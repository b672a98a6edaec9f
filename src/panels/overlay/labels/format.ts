/** Counts as people read them on a wall: 1,234,567. */
export const count = (v: number) => Math.round(v).toLocaleString('en-US');

/** 2,000,000 -> "2.0M", 45,300 -> "45.3k": for tight spaces (tiles, the capacity mark). */
export function compactCount(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) {
    return `${(v / 1e6).toFixed(a >= 1e7 ? 0 : 1)}M`;
  }
  if (a >= 1e4) {
    return `${(v / 1e3).toFixed(a >= 1e5 ? 0 : 1)}k`;
  }
  return count(v);
}

/** A ratio as a percentage with as many decimals as an SLO needs (99.9% shows one). */
export function percent(ratio: number, decimals = 1): string {
  return `${(ratio * 100).toFixed(decimals)}%`;
}

/** The fewest decimals that still show an objective exactly: 0.99 -> "99%", 0.999 -> "99.9%". */
export function objectivePercent(ratio: number): string {
  for (let d = 0; d <= 3; d++) {
    const text = (ratio * 100).toFixed(d);
    if (Math.abs(Number(text) - ratio * 100) < 1e-9) {
      return `${text}%`;
    }
  }
  return percent(ratio, 3);
}
