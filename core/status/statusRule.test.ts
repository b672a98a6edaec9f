import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { eventStatus, RED_HORIZON_MS, type ResourceReading } from './statusRule';
import { sloBreached } from './slo';

const MIN = 60_000;
const now = 1_000 * MIN;
const ok = (resource: string, headroom = 0.5): ResourceReading => ({ resource, headroom });

test('green when nothing crosses and no SLO is breached; the least headroom binds', () => {
  assert.deepEqual(eventStatus({ now, resources: [ok('viewers', 0.4), ok('logins', 0.2)], slos: [] }), {
    status: 'green',
    binding: 'logins',
  });
});

test('amber when only the P90 crosses within the window', () => {
  const r = { ...ok('viewers'), p90At: now + 3 * 60 * MIN };
  assert.deepEqual(eventStatus({ now, resources: [r, ok('logins', 0.1)], slos: [] }), {
    status: 'amber',
    binding: 'viewers',
  });
});

test('red when the P50 crosses within 30 minutes, amber when it crosses later', () => {
  const soon = { ...ok('segments:cdn-a'), p50At: now + RED_HORIZON_MS, p90At: now };
  assert.equal(eventStatus({ now, resources: [soon], slos: [] }).status, 'red');
  const later = { ...soon, p50At: now + RED_HORIZON_MS + 1 };
  assert.equal(eventStatus({ now, resources: [later], slos: [] }).status, 'amber');
});

test('a P50 crossing within 30 minutes the observed ramp does not support is amber; unknown support leaves it red', () => {
  const soon = { ...ok('viewers'), p50At: now + 10 * MIN, p90At: now + 5 * MIN };
  assert.deepEqual(eventStatus({ now, resources: [{ ...soon, supported: false }], slos: [] }), {
    status: 'amber',
    binding: 'viewers',
  });
  assert.equal(eventStatus({ now, resources: [{ ...soon, supported: true }], slos: [] }).status, 'red');
  assert.equal(eventStatus({ now, resources: [soon], slos: [] }).status, 'red');
});

test('a breached SLO is red now and binds ahead of a later capacity crossing', () => {
  const r = { ...ok('viewers', -0.2), p50At: now + 10 * MIN, p90At: now + 5 * MIN };
  assert.deepEqual(eventStatus({ now, resources: [r], slos: [{ slo: 'login_success', breached: true }] }), {
    status: 'red',
    binding: 'slo:login_success',
  });
});

test('the earlier of two red crossings binds', () => {
  const a = { ...ok('viewers'), p50At: now + 20 * MIN, p90At: now + 10 * MIN };
  const b = { ...ok('logins'), p50At: now + 5 * MIN, p90At: now + 2 * MIN };
  assert.equal(eventStatus({ now, resources: [a, b], slos: [] }).binding, 'logins');
});

test('nothing with a capacity or an SLO is green without a binding', () => {
  assert.deepEqual(eventStatus({ now, resources: [], slos: [{ slo: 'segment_errors', breached: false }] }), {
    status: 'green',
  });
});

test('SLO breaches: login success below, segment errors above the objective; no ratio is no breach', () => {
  assert.equal(sloBreached('login_success', 0.75, 0.99), true);
  assert.equal(sloBreached('login_success', 0.995, 0.99), false);
  assert.equal(sloBreached('segment_errors', 0.06, 0.01), true);
  assert.equal(sloBreached('segment_errors', 0.005, 0.01), false);
  assert.equal(sloBreached('segment_errors', undefined, 0.01), false);
  assert.equal(sloBreached('login_success', Number.NaN, 0.99), false);
});

test('the status is the worst of its parts, whatever the order of the resources', () => {
  const reading = fc.record({
    resource: fc.constantFrom('viewers', 'logins', 'segments', 'segments:a'),
    headroom: fc.double({ min: -2, max: 1, noNaN: true }),
    p50At: fc.option(fc.integer({ min: now, max: now + 600 * MIN }), { nil: undefined }),
    p90At: fc.option(fc.integer({ min: now, max: now + 600 * MIN }), { nil: undefined }),
    supported: fc.option(fc.boolean(), { nil: undefined }),
  });
  fc.assert(
    fc.property(fc.array(reading, { maxLength: 6 }), fc.boolean(), (resources, breached) => {
      const slos = [{ slo: 'login_success', breached }];
      const got = eventStatus({ now, resources, slos });
      const reversed = eventStatus({ now, resources: [...resources].reverse(), slos });
      const red =
        breached ||
        resources.some((r) => r.p50At !== undefined && r.p50At <= now + RED_HORIZON_MS && r.supported !== false);
      const amber = resources.some((r) => r.p90At !== undefined || r.p50At !== undefined);
      assert.equal(got.status, red ? 'red' : amber ? 'amber' : 'green');
      assert.equal(reversed.status, got.status);
    })
  );
});
