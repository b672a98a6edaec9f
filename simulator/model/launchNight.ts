import { titleViewersAt } from './audienceCurve';
import { capacityAt, faultAt, type LaunchPlan } from './launchPlan';
import { stepQueue, type QueueState } from './queueResource';
import { backoffCeilingSeconds, giveUpShare, returnKernel } from './reconnect';

/**
 * The launch night as a fluid population model, one fixed step at a time. It turns the intended
 * audience into the audience the platform actually serves: logins go through a capacity-limited
 * queue, failed logins retry with backoff or give up until the next airing, segment failures make
 * viewers buffer and drop, and dropped viewers come back as a re-login storm. No randomness: the
 * sampled sessions on top of it draw from the seeded PRNG.
 */
/** A viewer whose stream broke keeps retrying it, at this share of a watching viewer's request rate. */
export const RETRYING_REQUEST_SHARE = 0.5;

export interface AudienceGroup {
  title: string;
  region: string;
  cdn: string;
}

export type LoginFailureReason = 'timeout' | 'unavailable' | 'concurrency_limit';

export interface ModelFrame {
  t: number;
  step: number;
  /** Viewers the curve wants. */
  intended: number;
  /** Viewers actually watching. */
  watching: number;
  /** Per group (aligned with `groups`): watching viewers and the share of them buffering. */
  watchingByGroup: number[];
  /** Per group: viewers knocked out and trying to come back; their players keep requesting segments. */
  retryingByGroup: number[];
  bufferingShareByGroup: number[];
  /** Login attempts made during this step (real viewers, not samples), per group. */
  loginAttemptsByGroup: number[];
  loginAttempts: number;
  loginFailureRatio: number;
  loginFailureReason: LoginFailureReason;
  segmentRequestsByCdn: Record<string, number>;
  segmentFailureRatioByCdn: Record<string, number>;
  /** CDNs at zero capacity (an outage answers 503, a saturation 504). */
  segmentOutageByCdn: Record<string, boolean>;
}

export function audienceGroups(plan: LaunchPlan): AudienceGroup[] {
  const groups: AudienceGroup[] = [];
  for (const title of plan.titles) {
    for (const region of plan.regions) {
      groups.push({ title: title.audience.title, region: region.name, cdn: title.cdn ?? region.cdn });
    }
  }
  return groups;
}

export interface LaunchNight {
  readonly groups: AudienceGroup[];
  readonly cdns: string[];
  readonly totalSteps: number;
  /** Advances one step and describes it; undefined past the plan's end. */
  step(): ModelFrame | undefined;
}

export function createLaunchNight(plan: LaunchPlan): LaunchNight {
  const groups = audienceGroups(plan);
  const G = groups.length;
  const A = plan.retry.maxAttempts;
  const dt = plan.stepSeconds;
  const dtMs = dt * 1000;
  const totalSteps = Math.max(0, Math.floor((plan.to - plan.from) / dtMs));
  const leadMs = plan.loginLeadMinutes * 60_000;
  const leadSteps = Math.round(leadMs / dtMs);
  const regionShare = normalisedShares(plan.regions.map((r) => r.share));
  const cdns = [...new Set(groups.map((g) => g.cdn))];
  const kernel = returnKernel(dt, Math.ceil((90 * 60) / dt));

  const intendedAt = (g: number, t: number): number => {
    const titleIndex = Math.floor(g / plan.regions.length);
    const regionIndex = g % plan.regions.length;
    const title = plan.titles[titleIndex];
    return title ? titleViewersAt(title.audience, t) * (regionShare[regionIndex] ?? 0) : 0;
  };

  const watching = new Float64Array(G);
  for (let g = 0; g < G; g++) watching[g] = intendedAt(g, plan.from);
  /** Joins due at a step: logins made `lead` ahead of playback. */
  const lobby = new Map<number, Float64Array>();
  /** Immediate first attempts due at a step: returns after a drop, give-ups back for the next airing. */
  const returns = new Map<number, Float64Array>();
  /** Viewers per group on their way back (retrying, returning): not lost, so not replaced. */
  const inFlight = new Float64Array(G);
  /** Retries due at a step, indexed g * A + failures so far. */
  const retries = new Map<number, Float64Array>();
  const bucket = (map: Map<number, Float64Array>, step: number, size: number): Float64Array => {
    let b = map.get(step);
    if (!b) map.set(step, (b = new Float64Array(size)));
    return b;
  };
  for (let s = 1; s <= leadSteps; s++) {
    const due = bucket(lobby, s, G);
    for (let g = 0; g < G; g++) {
      due[g] = Math.max(0, intendedAt(g, plan.from + s * dtMs) - intendedAt(g, plan.from + (s - 1) * dtMs));
    }
  }

  let loginQueue: QueueState = { backlog: 0 };
  const segmentQueues = new Map<string, QueueState>(cdns.map((c) => [c, { backlog: 0 }]));
  let s = 0;

  const nextAiringStep = (g: number, t: number): number | undefined => {
    const title = plan.titles[Math.floor(g / plan.regions.length)];
    const starts = (title?.audience.components ?? []).map((c) => c.start).filter((start) => start > t + 30 * 60_000);
    if (!starts.length) return undefined;
    return Math.round((Math.min(...starts) - plan.from) / dtMs);
  };

  function step(): ModelFrame | undefined {
    if (s >= totalSteps) return undefined;
    const t = plan.from + s * dtMs;
    const churn = Math.min(1, (plan.churnPerMinute * dt) / 60);
    const fresh = new Float64Array(G);
    const immediate = new Float64Array(G);
    const attemptsByGroup = new Array<number>(G).fill(0);
    let intended = 0;
    for (let g = 0; g < G; g++) {
      const now = intendedAt(g, t);
      const before = intendedAt(g, t - dtMs);
      intended += now;
      let w = watching[g] ?? 0;
      if (now < before && before > 0) w *= now / before;
      // Past the intended audience (retries landing early), the surplus leaves over ~10 minutes.
      if (w > now) w -= (w - now) * Math.min(1, dt / 600);
      const churned = w * churn;
      watching[g] = w - churned;
      const returning = returns.get(s)?.[g] ?? 0;
      inFlight[g] = Math.max(0, (inFlight[g] ?? 0) - returning);
      // Viewers lost for good are replaced slowly (~1 h), as a baseline audience renews itself.
      const deficit = Math.max(0, now - w - (inFlight[g] ?? 0));
      fresh[g] = Math.max(0, intendedAt(g, t + leadMs) - intendedAt(g, t + leadMs - dtMs));
      immediate[g] = churned + returning + deficit * Math.min(1, dt / 3600);
      attemptsByGroup[g] = (fresh[g] ?? 0) + (immediate[g] ?? 0);
    }
    const dueRetries = retries.get(s);
    if (dueRetries) {
      for (let i = 0; i < dueRetries.length; i++) {
        const g = Math.floor(i / A);
        attemptsByGroup[g]! += dueRetries[i] ?? 0;
        inFlight[g] = Math.max(0, (inFlight[g] ?? 0) - (dueRetries[i] ?? 0));
      }
    }
    const loginAttempts = attemptsByGroup.reduce((a, b) => a + b, 0);

    const loginCapacity = capacityAt(plan.capacity, 'logins', t);
    const login = stepQueue(loginQueue, loginAttempts / dt, loginCapacity, dt, plan.loginTimeoutSeconds);
    loginQueue = login.state;
    const fail = combine(login.failureRatio, faultAt(plan.capacity, 'logins', t));

    const failedFirst = (g: number, amount: number, failures: number) => {
      if (amount <= 0) return;
      const giveUp = amount * giveUpShare(plan.retry, failures);
      const keepTrying = amount - giveUp;
      const airing = nextAiringStep(g, t);
      if (giveUp > 0 && airing !== undefined) {
        // Those who give up come back over the first 20 minutes of the next airing.
        const spread = Math.max(1, Math.round((20 * 60) / dt));
        for (let i = 0; i < spread; i++) bucket(returns, airing + i, G)[g]! += giveUp / spread;
        inFlight[g]! += giveUp;
      }
      if (keepTrying > 0 && failures < A) {
        const ceilingSteps = Math.max(1, Math.round(backoffCeilingSeconds(plan.retry, failures) / dt));
        for (let i = 1; i <= ceilingSteps; i++)
          bucket(retries, s + i, G * A)[g * A + failures]! += keepTrying / ceilingSteps;
        inFlight[g]! += keepTrying;
      }
    };

    const joins = new Float64Array(G);
    for (let g = 0; g < G; g++) {
      const f = fresh[g] ?? 0;
      const im = immediate[g] ?? 0;
      if (f > 0) bucket(lobby, s + leadSteps, G)[g]! += f * (1 - fail);
      joins[g] = im * (1 - fail) + (lobby.get(s)?.[g] ?? 0);
      failedFirst(g, (f + im) * fail, 1);
    }
    if (dueRetries) {
      for (let i = 0; i < dueRetries.length; i++) {
        const amount = dueRetries[i] ?? 0;
        if (amount <= 0) continue;
        const g = Math.floor(i / A);
        joins[g]! += amount * (1 - fail);
        failedFirst(g, amount * fail, (i % A) + 1);
      }
    }
    lobby.delete(s);
    returns.delete(s);
    retries.delete(s);

    // The platform's concurrency limit refuses playback starts past it; those viewers retry.
    const viewerCapacity = capacityAt(plan.capacity, 'viewers', t);
    const current = watching.reduce((a, b) => a + b, 0);
    const wanted = joins.reduce((a, b) => a + b, 0);
    const admit = wanted > 0 ? Math.max(0, Math.min(1, (viewerCapacity - current) / wanted)) : 1;
    let refused = 0;
    for (let g = 0; g < G; g++) {
      const j = joins[g] ?? 0;
      watching[g]! += j * admit;
      refused += j * (1 - admit);
      failedFirst(g, j * (1 - admit), 1);
    }

    const segmentRequestsByCdn: Record<string, number> = {};
    const segmentFailureRatioByCdn: Record<string, number> = {};
    const segmentOutageByCdn: Record<string, boolean> = {};
    for (const cdn of cdns) {
      let demand = 0;
      for (let g = 0; g < G; g++) {
        if (groups[g]?.cdn === cdn)
          demand +=
            ((watching[g] ?? 0) + RETRYING_REQUEST_SHARE * (inFlight[g] ?? 0)) * plan.segmentsPerViewerPerSecond;
      }
      const capacity = capacityAt(plan.capacity, `segments:${cdn}`, t);
      const q = stepQueue(segmentQueues.get(cdn) ?? { backlog: 0 }, demand, capacity, dt, plan.segmentTimeoutSeconds);
      segmentQueues.set(cdn, q.state);
      segmentRequestsByCdn[cdn] = demand * dt;
      segmentFailureRatioByCdn[cdn] = combine(q.failureRatio, faultAt(plan.capacity, `segments:${cdn}`, t));
      segmentOutageByCdn[cdn] = capacity <= 0;
    }

    const bufferingShareByGroup: number[] = [];
    for (let g = 0; g < G; g++) {
      const cdn = groups[g]?.cdn ?? '';
      const f = segmentFailureRatioByCdn[cdn] ?? 0;
      bufferingShareByGroup.push(Math.min(1, 3 * f));
      const dropped = (watching[g] ?? 0) * Math.min(1, (f * plan.dropPerMinuteAtFullFailure * dt) / 60);
      if (dropped <= 0) continue;
      watching[g]! -= dropped;
      for (let i = 0; i < kernel.length; i++) bucket(returns, s + 1 + i, G)[g]! += dropped * (kernel[i] ?? 0);
      inFlight[g]! += dropped;
    }

    const frame: ModelFrame = {
      t,
      step: s,
      intended,
      watching: watching.reduce((a, b) => a + b, 0),
      watchingByGroup: Array.from(watching),
      retryingByGroup: Array.from(inFlight),
      bufferingShareByGroup,
      loginAttemptsByGroup: attemptsByGroup,
      loginAttempts: loginAttempts + refused,
      loginFailureRatio: loginAttempts + refused > 0 ? (loginAttempts * fail + refused) / (loginAttempts + refused) : 0,
      loginFailureReason:
        loginCapacity <= 0 ? 'unavailable' : refused > loginAttempts * fail ? 'concurrency_limit' : 'timeout',
      segmentRequestsByCdn,
      segmentFailureRatioByCdn,
      segmentOutageByCdn,
    };
    s += 1;
    return frame;
  }

  return { groups, cdns, totalSteps, step };
}

/** Failure share when a request must pass both the queue and the incident. */
function combine(queueFailure: number, faultFailure: number): number {
  return 1 - (1 - queueFailure) * (1 - faultFailure);
}

function normalisedShares(shares: number[]): number[] {
  const total = shares.reduce((a, b) => a + Math.max(0, b), 0);
  return shares.map((x) => (total > 0 ? Math.max(0, x) / total : 0));
}
