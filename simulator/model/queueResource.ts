/**
 * One capacity-limited resource (logins/s, segment requests/s of a CDN) as a fluid queue with a
 * client timeout. Below capacity nothing fails. Past it a backlog builds; once waiting exceeds the
 * timeout the overflow fails. So failures rise the way a saturated queue does: late, then fast,
 * and they outlast the surge until the backlog drains.
 */
export interface QueueState {
  /** Requests waiting (count). */
  backlog: number;
}

export interface QueueStep {
  state: QueueState;
  served: number;
  failed: number;
  /** Share of this step's offered requests that failed, in [0, 1]. */
  failureRatio: number;
  /** Expected wait of a new request, in seconds. */
  waitSeconds: number;
}

export function stepQueue(
  state: QueueState,
  offeredPerSecond: number,
  capacityPerSecond: number,
  dtSeconds: number,
  timeoutSeconds: number
): QueueStep {
  const offered = Math.max(0, offeredPerSecond) * dtSeconds;
  const capacity = Math.max(0, capacityPerSecond);
  const serviceable = capacity * dtSeconds;
  // The most that can wait without timing out is what capacity drains within one timeout.
  const maxBacklog = capacity * timeoutSeconds;
  const inSystem = state.backlog + offered;
  const served = Math.min(inSystem, serviceable);
  const remaining = inSystem - served;
  const failed = Math.max(0, remaining - maxBacklog);
  const backlog = remaining - failed;
  const failureRatio = offered > 0 ? Math.min(1, failed / offered) : capacity > 0 ? 0 : 1;
  const waitSeconds = capacity > 0 ? backlog / capacity : timeoutSeconds;
  return { state: { backlog }, served, failed, failureRatio, waitSeconds };
}
