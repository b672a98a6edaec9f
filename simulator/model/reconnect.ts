/**
 * How disconnected viewers come back, and how clients retry a failed login.
 *
 * The return delay is fitted to the 12 Old School RuneScape re-login storms in
 * ../shared/data/launch-spikes (weekly update disconnects): of the players knocked out, about
 * 30% are back after 5 min, 47% after 10, 67% after 20, 82% after 30 and ~90% by 35 min, which an
 * exponential return with a 16-minute mean follows within a few points (checked in reconnect.test.ts).
 */
export const RETURN_MEAN_MINUTES = 16;

/** Share of disconnected viewers who have tried to come back `minutes` after the disconnect. */
export function returnedShare(minutes: number, meanMinutes = RETURN_MEAN_MINUTES): number {
  return minutes <= 0 ? 0 : 1 - Math.exp(-minutes / meanMinutes);
}

/** Weights, one per step after a disconnect, of when the viewers return (sums to ~1 over `horizonSteps`). */
export function returnKernel(stepSeconds: number, horizonSteps: number, meanMinutes = RETURN_MEAN_MINUTES): number[] {
  const kernel: number[] = [];
  const stepMinutes = stepSeconds / 60;
  for (let i = 1; i <= horizonSteps; i++) {
    kernel.push(returnedShare(i * stepMinutes, meanMinutes) - returnedShare((i - 1) * stepMinutes, meanMinutes));
  }
  const total = kernel.reduce((a, b) => a + b, 0);
  return total > 0 ? kernel.map((k) => k / total) : kernel;
}

export interface RetryPolicy {
  /** First retry waits up to this long (full jitter), doubling each attempt. */
  baseSeconds: number;
  capSeconds: number;
  /** After this many failed attempts the viewer gives up until the next airing. */
  maxAttempts: number;
  /** Chance a viewer gives up after any failed attempt (frustration), before maxAttempts. */
  giveUpProbability: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseSeconds: 20, capSeconds: 300, maxAttempts: 6, giveUpProbability: 0.1 };

/** Upper bound of the jittered wait before retry number `attempt` (1 = first retry). */
export function backoffCeilingSeconds(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.capSeconds, policy.baseSeconds * 2 ** Math.max(0, attempt - 1));
}

/** Share of viewers whose `attempt`-th attempt failed and who stop trying. */
export function giveUpShare(policy: RetryPolicy, attempt: number): number {
  return attempt >= policy.maxAttempts ? 1 : policy.giveUpProbability;
}
