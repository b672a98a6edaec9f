import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createLaunchNight, type ModelFrame } from './launchNight';
import type { LaunchPlan } from './launchPlan';
import { DEFAULT_RETRY } from './reconnect';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1, 20);

function plan(overrides: Partial<LaunchPlan> = {}, peak = 1_000_000): LaunchPlan {
  return {
    from: T0 - 120 * MIN,
    to: T0 + 240 * MIN,
    stepSeconds: 30,
    titles: [
      {
        audience: {
          title: 'Show',
          baseline: 50_000,
          components: [
            {
              title: 'Show',
              start: T0,
              end: T0 + 120 * MIN,
              peak,
              peakAt: T0 + 15 * MIN,
              rampMinutes: 60,
              preLevel: 0.3,
              holdLevel: 0.8,
              decayMinutes: 20,
              tail: 'short',
              bumps: [],
            },
          ],
        },
      },
    ],
    regions: [
      { name: 'eu', share: 0.6, cdn: 'a' },
      { name: 'na', share: 0.4, cdn: 'b' },
    ],
    devices: [{ name: 'tv', share: 1 }],
    capacity: { viewers: 1e9, loginsPerSecond: 1e9, segmentsPerSecond: { a: 1e9, b: 1e9 }, changes: [], faults: [] },
    loginLeadMinutes: 10,
    churnPerMinute: 0.01,
    segmentsPerViewerPerSecond: 0.25,
    loginTimeoutSeconds: 10,
    segmentTimeoutSeconds: 4,
    dropPerMinuteAtFullFailure: 0.5,
    retry: DEFAULT_RETRY,
    ...overrides,
  };
}

function frames(p: LaunchPlan): ModelFrame[] {
  const night = createLaunchNight(p);
  const out: ModelFrame[] = [];
  for (let f = night.step(); f; f = night.step()) out.push(f);
  return out;
}

test('with capacity to spare nothing fails and the served audience follows the curve', () => {
  const fs = frames(plan());
  assert.ok(
    fs.every((f) => f.loginFailureRatio === 0 && Object.values(f.segmentFailureRatioByCdn).every((r) => r === 0))
  );
  const peak = fs.reduce((a, b) => (b.watching > a.watching ? b : a));
  assert.ok(Math.abs(peak.t - (T0 + 15 * MIN)) <= 2 * MIN, 'peaks at peakAt');
  assert.ok(
    fs.every((f) => Math.abs(f.watching - f.intended) <= 0.02 * f.intended + 1),
    'served = intended'
  );
});

test('failures appear only past capacity: logins fail while demand exceeds the login limit', () => {
  const fs = frames(
    plan({
      capacity: { viewers: 1e9, loginsPerSecond: 400, segmentsPerSecond: { a: 1e9, b: 1e9 }, changes: [], faults: [] },
    })
  );
  const failing = fs.filter((f) => f.loginFailureRatio > 0);
  assert.ok(failing.length > 0, 'the surge saturates logins');
  // Before the first failure, demand must have gone past capacity (a queue fails only when saturated).
  const first = fs.indexOf(failing[0]!);
  assert.ok(fs.slice(Math.max(0, first - 4), first + 1).some((f) => f.loginAttempts / 30 > 400));
  assert.ok(fs.slice(0, first).every((f) => f.loginFailureRatio === 0));
});

test('an outage makes a re-login storm once the service comes back', () => {
  const outage = { resource: 'all', from: T0 + 30 * MIN, until: T0 + 60 * MIN, factor: 0 };
  const fs = frames(
    plan({
      capacity: {
        viewers: 1e9,
        loginsPerSecond: 1e9,
        segmentsPerSecond: { a: 1e9, b: 1e9 },
        changes: [outage],
        faults: [],
      },
    })
  );
  const during = fs.filter((f) => f.t >= outage.from && f.t < outage.until);
  assert.ok(during.every((f) => f.segmentOutageByCdn.a && (f.segmentFailureRatioByCdn.a ?? 0) === 1));
  const before = fs.find((f) => f.t >= outage.from - 5 * MIN)!;
  const after = fs.filter((f) => f.t >= outage.until && f.t < outage.until + 10 * MIN);
  const storm = Math.max(...after.map((f) => f.loginAttempts));
  assert.ok(storm > 5 * before.loginAttempts, `storm ${storm} vs calm ${before.loginAttempts}`);
  const dropped = during.at(-1)!.watching;
  assert.ok(dropped < 0.1 * before.watching, 'viewers dropped out during the outage');
  const recovered = fs.find((f) => f.t >= outage.until + 45 * MIN)!;
  assert.ok(
    recovered.watching > 0.5 * recovered.intended,
    `more than half are back within 45 minutes (${Math.round(recovered.watching)} of ${Math.round(recovered.intended)})`
  );
});

test('viewers who give up come back at the next airing', () => {
  const p = plan({
    capacity: {
      viewers: 1e9,
      loginsPerSecond: 1e9,
      segmentsPerSecond: { a: 1e9, b: 1e9 },
      changes: [],
      faults: [{ resource: 'logins', from: T0 - 30 * MIN, until: T0 + 120 * MIN, failureRatio: 0.9 }],
    },
  });
  const title = p.titles[0]!;
  title.audience.components.push({
    ...title.audience.components[0]!,
    start: T0 + 180 * MIN,
    end: T0 + 230 * MIN,
    peakAt: T0 + 185 * MIN,
    peak: 0,
  });
  const fs = frames(p);
  const atNext = fs.filter((f) => f.t >= T0 + 180 * MIN && f.t < T0 + 200 * MIN);
  const calm = fs.filter((f) => f.t >= T0 + 160 * MIN && f.t < T0 + 175 * MIN);
  const mean = (xs: ModelFrame[]) => xs.reduce((a, f) => a + f.loginAttempts, 0) / xs.length;
  assert.ok(mean(atNext) > 3 * mean(calm), `returners log in at the next airing (${mean(atNext)} vs ${mean(calm)})`);
});

test('no viewer count is ever negative or above what the platform holds, whatever the capacity', () => {
  fc.assert(
    fc.property(
      fc.record({
        logins: fc.double({ min: 1, max: 1e6, noNaN: true }),
        segments: fc.double({ min: 1, max: 1e6, noNaN: true }),
        viewers: fc.double({ min: 1e4, max: 2e6, noNaN: true }),
        peak: fc.double({ min: 0, max: 3e6, noNaN: true }),
      }),
      (r) => {
        const fs = frames(
          plan(
            {
              stepSeconds: 120,
              capacity: {
                viewers: r.viewers,
                loginsPerSecond: r.logins,
                segmentsPerSecond: { a: r.segments, b: r.segments },
                changes: [],
                faults: [],
              },
            },
            r.peak
          )
        );
        return fs.every(
          (f) =>
            f.watching >= 0 &&
            f.watchingByGroup.every((w) => w >= 0) &&
            f.loginFailureRatio >= 0 &&
            f.loginFailureRatio <= 1
        );
      }
    ),
    { numRuns: 40 }
  );
});
