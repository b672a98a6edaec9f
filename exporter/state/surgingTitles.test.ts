import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAllowLists } from '../config/schema';
import { LabelGuard } from './labelGuard';
import { ADMIT_EVENTS, SurgingTitles } from './surgingTitles';
import { TelemetryState } from './telemetryState';

test('a surging unknown title gets its own series within one scrape interval', () => {
  const state = new TelemetryState({
    catalog: ['Known'],
    allow: defaultAllowLists,
    sessionTtlMs: 30_000,
    maxSessions: 10_000,
    seriesBudget: 100,
  });
  const beat = (i: number, now: number) =>
    state.apply(
      { type: 'heartbeat', sid: `s${i}`, title: 'Surprise Hit', state: 'playing', cdn: 'akamai', weight: 1 },
      now
    );
  // 1,000 viewers arrive within a second, then heartbeat again 10 s later: all inside one 15 s scrape.
  for (let i = 0; i < 1000; i++) beat(i, i);
  for (let i = 0; i < 1000; i++) beat(i, 10_000 + i);
  const byTitle = state.viewersByTitle(11_000);
  assert.equal(byTitle.get('Surprise Hit')?.viewers, 1000);
  assert.equal(byTitle.get('other')?.viewers ?? 0, 0);
});

test('a million one-off titles admit none and leave the series budget intact', () => {
  const guard = new LabelGuard([], defaultAllowLists, 20);
  for (let i = 0; i < 1_000_000; i++) assert.equal(guard.title(`one-off ${i}`), 'other');
  assert.deepEqual(guard.surging.admittedTitles(), []);
  // ...and a real surge in the middle of such a flood is still admitted.
  let admittedAt = -1;
  for (let i = 0; i < 50_000 && admittedAt < 0; i++) {
    guard.title(`flood ${i}`);
    if (i % 10 === 0 && guard.title('Real Surge') === 'Real Surge') admittedAt = i;
  }
  assert.ok(admittedAt > 0, 'admitted');
});

test('one-off titles through the state keep every family within its budget', () => {
  const state = new TelemetryState({
    catalog: [],
    allow: defaultAllowLists,
    sessionTtlMs: 30_000,
    maxSessions: 200_000,
    seriesBudget: 50,
  });
  for (let i = 0; i < 100_000; i++)
    state.apply(
      {
        type: 'heartbeat',
        sid: `s${i}`,
        title: `t${i}`,
        state: 'playing',
        cdn: 'akamai',
        region: 'eu',
        device: 'tv',
        weight: 1,
      },
      0
    );
  assert.equal(state.viewerLabels.size, 1);
});

test('hysteresis: an admitted title stays through a lull, and leaves once it is gone for a window', () => {
  const sketch = new SurgingTitles(5);
  for (let i = 0; i < ADMIT_EVENTS; i++) sketch.observe('Hit');
  assert.equal(sketch.has('Hit'), true);
  for (let i = 0; i < 200_000; i++) sketch.observe(`noise ${i}`); // one window: Hit's count halves
  assert.equal(sketch.has('Hit'), true, 'half the bar still keeps it');
  for (let i = 0; i < 400_000; i++) sketch.observe(`more noise ${i}`); // two more windows
  assert.equal(sketch.has('Hit'), false);
});

test('at most maxAdmitted surge at once; a newcomer displaces the weakest only when twice as heavy', () => {
  const sketch = new SurgingTitles(2);
  for (let i = 0; i < ADMIT_EVENTS; i++) ['A', 'B'].forEach((t) => sketch.observe(t));
  for (let i = 0; i < ADMIT_EVENTS; i++) sketch.observe('C');
  assert.deepEqual(sketch.admittedTitles(), ['A', 'B']);
  for (let i = 0; i < ADMIT_EVENTS; i++) sketch.observe('C');
  assert.equal(sketch.has('C'), true);
  assert.equal(sketch.admittedTitles().length, 2);
});

test('the catalog and calendar titles keep theirs whatever surges', () => {
  const guard = new LabelGuard(['Known'], defaultAllowLists, 1);
  for (let i = 0; i < 10 * ADMIT_EVENTS; i++) guard.title('Surge');
  assert.equal(guard.title('Known'), 'Known');
  assert.equal(guard.title('Surge'), 'Surge');
});
