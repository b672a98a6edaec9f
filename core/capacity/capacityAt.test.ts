import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Capacity } from './capacity';
import { parseResourceId, unitOf } from './capacity';
import { capacityAt, limitAt, resourceAt } from './capacityAt';

const T = (iso: string) => Date.parse(iso);
const capacity: Capacity = {
  resources: [
    {
      id: 'viewers',
      unit: 'viewers',
      limit: 10_000_000,
      steps: [
        { from: T('2024-11-15T20:00:00Z'), limit: 40_000_000 },
        { from: T('2024-11-16T06:00:00Z'), limit: 12_000_000 },
      ],
    },
    { id: 'segments:akamai', unit: 'requests_per_second', limit: 900_000, steps: [] },
  ],
};

test('before any step the base limit holds and the next step is announced', () => {
  const r = resourceAt(capacity.resources[0]!, T('2024-11-15T12:00:00Z'));
  assert.equal(r.limit, 10_000_000);
  assert.equal(r.since, undefined);
  assert.deepEqual(r.next, { from: T('2024-11-15T20:00:00Z'), limit: 40_000_000 });
});

test('a pre-scaled step applies from its instant on, inclusive', () => {
  assert.equal(limitAt(capacity, 'viewers', T('2024-11-15T20:00:00Z')), 40_000_000);
  assert.equal(limitAt(capacity, 'viewers', T('2024-11-15T19:59:59Z')), 10_000_000);
});

test('the latest step in force wins, and the last one has no next', () => {
  const r = resourceAt(capacity.resources[0]!, T('2024-12-01T00:00:00Z'));
  assert.equal(r.limit, 12_000_000);
  assert.equal(r.since, T('2024-11-16T06:00:00Z'));
  assert.equal(r.next, undefined);
});

test('capacityAt resolves every resource and limitAt is undefined for an undeclared one', () => {
  assert.deepEqual(
    capacityAt(capacity, 0).map((r) => [r.id, r.limit]),
    [
      ['viewers', 10_000_000],
      ['segments:akamai', 900_000],
    ]
  );
  assert.equal(limitAt(capacity, 'logins', 0), undefined);
});

test('resource ids: viewers, logins, segments and segments:<cdn>', () => {
  assert.deepEqual(parseResourceId('segments:fastly'), { kind: 'segments', cdn: 'fastly' });
  assert.deepEqual(parseResourceId('segments'), { kind: 'segments' });
  assert.equal(parseResourceId('segments:'), undefined);
  assert.equal(parseResourceId('cpu'), undefined);
  assert.equal(unitOf({ kind: 'logins' }), 'logins_per_second');
});
