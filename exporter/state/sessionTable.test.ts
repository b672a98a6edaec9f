import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SessionState, SessionTable, sessionTableBytes } from './sessionTable';

const TTL = 30_000;
const total = (t: SessionTable, now = 0) => t.counts(now).viewers.reduce((a, v) => a + v, 0);

test('concurrent viewers is the weighted count of playing and buffering sessions', () => {
  const table = new SessionTable(10, TTL);
  table.heartbeat('a', 0, SessionState.Playing, 1, 0);
  table.heartbeat('b', 0, SessionState.Buffering, 250, 0);
  assert.equal(total(table), 251);
  assert.equal(table.counts(0).rebuffering[0], 250);
});

test('a paused session stays tracked but does not count', () => {
  const table = new SessionTable(10, TTL);
  table.heartbeat('a', 0, SessionState.Playing, 1, 0);
  table.heartbeat('a', 0, SessionState.Paused, 1, 1000);
  assert.equal(total(table, 1000), 0);
  assert.equal(table.size, 1);
});

test('ended removes a session at once', () => {
  const table = new SessionTable(10, TTL);
  table.heartbeat('a', 0, SessionState.Playing, 1, 0);
  assert.equal(table.end('a', 0), 'ended');
  assert.equal(table.size, 0);
  assert.equal(total(table), 0);
});

test('an end is remembered for one TTL: an older heartbeat is stale, a newer one resumes the session', () => {
  const table = new SessionTable(10, TTL);
  table.heartbeat('a', 0, SessionState.Playing, 1, 10_000);
  assert.equal(table.end('a', 12_000), 'ended');
  assert.equal(table.heartbeat('a', 0, SessionState.Playing, 1, 13_000, 11_000), 'stale', 'sent before the end');
  assert.equal(total(table, 13_000), 0);
  assert.equal(table.heartbeat('a', 0, SessionState.Playing, 1, 14_000), 'applied', 'sent after the end');
  assert.equal(total(table, 14_000), 1);
  assert.equal(table.size, 1);
});

test('an end for a session never seen is remembered too, and forgotten one TTL after it', () => {
  const table = new SessionTable(10, TTL);
  assert.equal(table.end('a', 10_000), 'absent');
  assert.deepEqual([table.size, table.ended, table.span], [0, 1, 1]);
  assert.equal(table.heartbeat('a', 0, SessionState.Playing, 1, 10_500, 9_000), 'stale');
  table.sweep(10_000 + TTL, 10);
  assert.deepEqual([table.ended, table.span], [0, 0], 'the sweep frees it with the expired sessions');
  assert.equal(table.heartbeat('a', 0, SessionState.Playing, 1, 10_000 + TTL, 10_000 + TTL - 1), 'applied');
});

test('a full table reuses an ended row before it refuses a new session', () => {
  const table = new SessionTable(2, TTL);
  table.heartbeat('a', 0, SessionState.Playing, 1, 0);
  table.heartbeat('b', 0, SessionState.Playing, 1, 0);
  table.end('a', 0);
  assert.equal(table.heartbeat('c', 0, SessionState.Playing, 1, 0), 'applied');
  assert.equal(table.refused, 0);
  assert.equal(table.heartbeat('d', 0, SessionState.Playing, 1, 0), 'refused');
  assert.equal(table.end('e', 0), 'absent', 'an end finding no room is simply not remembered');
  assert.deepEqual([table.size, table.ended, table.refused], [2, 0, 1]);
});

test('a session moving to another title leaves the first title', () => {
  const table = new SessionTable(10, TTL);
  table.heartbeat('a', 0, SessionState.Playing, 1, 0);
  table.heartbeat('a', 1, SessionState.Playing, 1, 0);
  assert.deepEqual([...table.counts(0).viewers], [0, 1]);
});

test('sessions without a heartbeat within the TTL expire in the sweep', () => {
  const table = new SessionTable(10, TTL);
  table.heartbeat('old', 0, SessionState.Playing, 1, 0);
  table.heartbeat('fresh', 0, SessionState.Playing, 1, 20_000);
  table.sweep(TTL, 10);
  assert.equal(table.size, 1);
  assert.equal(total(table, TTL), 1);
  assert.equal(table.expired, 1);
});

test('the sweep checks at most the live rows it is given, removing the expired ones it meets', () => {
  const table = new SessionTable(100, TTL);
  for (let i = 0; i < 100; i++) table.heartbeat(`s${i}`, 0, SessionState.Playing, 1, i % 2 ? 0 : TTL / 2);
  const first = table.sweep(TTL, 10);
  assert.ok(first > 0 && first <= 11, `${first}`);
  while (table.sweep(TTL, 10) > 0);
  assert.equal(table.size, 50);
  assert.equal(table.sweep(TTL, 1000), 0, 'a pass that finds nothing stops');
});

test('a mass expiry leaves the gauge before the sweeper reaches the sessions', () => {
  const table = new SessionTable(300_000, TTL);
  for (let i = 0; i < 200_000; i++) table.heartbeat(`s${i}`, 0, SessionState.Playing, 1, 0);
  table.heartbeat('alive', 0, SessionState.Playing, 1, 20_000);
  assert.equal(total(table, TTL - 1), 200_001);
  // Due at TTL; read within one expiry bucket (TTL / 8) after it, not one row swept.
  assert.equal(total(table, TTL + TTL / 8), 1);
  assert.equal(table.size, 200_001);
  table.sweep(TTL + TTL / 8, 1_000_000);
  assert.equal(total(table, TTL + TTL / 8), 1, 'sweeping afterwards does not subtract twice');
});

test('past the cap new sessions are refused and counted, known ones still update', () => {
  const table = new SessionTable(2, TTL);
  table.heartbeat('a', 0, SessionState.Playing, 1, 0);
  table.heartbeat('b', 0, SessionState.Playing, 1, 0);
  assert.equal(table.heartbeat('c', 0, SessionState.Playing, 1, 0), 'refused');
  assert.equal(table.refused, 1);
  assert.equal(table.heartbeat('a', 0, SessionState.Paused, 1, 0), 'applied');
  assert.equal(total(table), 1);
});

test('removed rows are filled from the end, so churn does not grow the table', () => {
  const table = new SessionTable(4, TTL);
  for (let i = 0; i < 1000; i++) {
    table.heartbeat(`s${i}`, 0, SessionState.Playing, 1, 0);
    table.end(`s${i}`, 0);
  }
  assert.equal(table.size, 0);
  assert.ok(table.span <= 4, 'ended rows are reused');
});

test('the memory is fixed by the cap, whatever the length of the ids', () => {
  const table = new SessionTable(1000, TTL);
  table.heartbeat('x'.repeat(256), 0, SessionState.Playing, 1, 0);
  assert.equal(table.labelSetOf('x'.repeat(256)), 0);
  assert.equal(table.labelSetOf('x'.repeat(255)), undefined);
  assert.ok(sessionTableBytes(1_000_000) / 1_000_000 <= 41, 'about 40 bytes a session at the cap');
});

test('weights are kept exactly: 0.1 reads 0.1, and nothing is left once every session ended', () => {
  const table = new SessionTable(10, TTL);
  table.heartbeat('a', 0, SessionState.Playing, 0.1, 0);
  assert.equal(table.counts(0).viewers[0], 0.1);
  table.heartbeat('b', 0, SessionState.Playing, 1e7, 0);
  table.heartbeat('c', 0, SessionState.Playing, 1e-6, 0);
  for (const sid of ['a', 'b', 'c']) table.end(sid, 0);
  assert.equal(table.counts(0).viewers[0], 0);
});

test('an update older than the newest event of its session is stale and changes nothing', () => {
  const table = new SessionTable(10, TTL);
  table.heartbeat('a', 0, SessionState.Buffering, 1, 10_000, 9_000);
  assert.equal(table.heartbeat('a', 1, SessionState.Playing, 1, 10_000, 8_000), 'stale');
  assert.equal(table.counts(10_000).rebuffering[0], 1);
  assert.equal(table.heartbeat('a', 1, SessionState.Playing, 1, 10_000, 9_000), 'applied', 'same instant is not older');
});

test('an ended older than the newest heartbeat does not end the session', () => {
  const table = new SessionTable(10, TTL);
  table.heartbeat('a', 0, SessionState.Playing, 1, 10_000, 10_000);
  assert.equal(table.end('a', 9_999, 10_000), 'stale');
  assert.equal(total(table, 10_000), 1);
  assert.equal(table.end('a', 10_000, 10_000), 'ended');
});

test('a heartbeat older than one TTL keeps nothing alive, and a session lives one TTL from its event', () => {
  const table = new SessionTable(10, TTL);
  assert.equal(table.heartbeat('old', 0, SessionState.Playing, 1, 100_000, 100_000 - TTL), 'stale');
  assert.equal(table.size, 0);
  table.heartbeat('late', 0, SessionState.Playing, 1, 100_000, 90_000);
  table.sweep(90_000 + TTL, 10);
  assert.equal(table.size, 0);
});

test('property: the table agrees with a Map of sessions through any mix of heartbeats, ends and sweeps', () => {
  const op = fc.oneof(
    fc.record({
      kind: fc.constant('hb' as const),
      sid: fc.integer({ min: 0, max: 40 }),
      w: fc.integer({ min: 1, max: 9 }),
      dt: fc.integer({ min: 0, max: 9000 }),
    }),
    fc.record({ kind: fc.constant('end' as const), sid: fc.integer({ min: 0, max: 40 }) }),
    fc.record({ kind: fc.constant('sweep' as const), rows: fc.integer({ min: 1, max: 50 }) })
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
      const table = new SessionTable(32, TTL);
      const model = new Map<number, { w: number; at: number }>();
      let now = 0;
      for (const o of ops) {
        if (o.kind === 'hb') {
          now += o.dt;
          const outcome = table.heartbeat(`sid-${o.sid}`, 0, SessionState.Playing, o.w, now);
          if (outcome === 'applied') model.set(o.sid, { w: o.w, at: now });
        } else if (o.kind === 'end') {
          table.end(`sid-${o.sid}`, now);
          model.delete(o.sid);
        } else table.sweep(now, o.rows);
        for (const [sid, s] of model) if (s.at + TTL <= now) model.delete(sid); // the truth: expired are gone
        // A read leaves out every session due by one expiry bucket (TTL / 8) ago, and keeps every one not due.
        const live = (t: number) => [...model.values()].filter((s) => s.at + TTL > t).reduce((a, s) => a + s.w, 0);
        const read = total(table, now + TTL / 2);
        assert.ok(read >= live(now + TTL / 2) && read <= live(now + TTL / 2 - TTL / 8), `${read}`);
        for (const sid of model.keys()) assert.notEqual(table.labelSetOf(`sid-${sid}`), undefined);
      }
    }),
    { numRuns: 200 }
  );
});

test('rows moved by removals export and restore with every field (the interleaved rows, the file columns)', () => {
  const table = new SessionTable(64, TTL);
  const sessions = new Map<number, { set: number; state: SessionState; w: number; at: number }>();
  for (let i = 0; i < 60; i++) {
    const s = {
      set: i % 7,
      state: i % 3 === 0 ? SessionState.Buffering : SessionState.Playing,
      w: 1 + (i % 5) / 10,
      at: i < 20 ? 0 : 100 + i,
    };
    table.heartbeat(`sid-${i}`, s.set, s.state, s.w, 200, s.at);
    sessions.set(i, s);
  }
  for (let i = 20; i < 30; i++) table.end(`sid-${i}`, 300, 300);
  table.sweep(TTL + 1, 1000); // the first 20 expire: the last rows move into their holes
  for (let i = 0; i < 20; i++) sessions.delete(i);
  const restored = new SessionTable(64, TTL);
  restored.seed = table.seed;
  const half = Math.floor(table.span / 2);
  for (const block of [table.exportRows(0, half), table.exportRows(half, 1000)]) {
    const n = block.readUInt32LE(0);
    const at = {
      lastEventAt: 4,
      weight: 4 + 8 * n,
      hashLow: 4 + 16 * n,
      hashHigh: 4 + 20 * n,
      labelSet: 4 + 24 * n,
      state: 4 + 28 * n,
    };
    for (let i = 0; i < n; i++) {
      const record = {
        lastEventAt: block.readDoubleLE(at.lastEventAt + 8 * i),
        weightUnits: block.readDoubleLE(at.weight + 8 * i),
        hashLow: block.readUInt32LE(at.hashLow + 4 * i),
        hashHigh: block.readUInt32LE(at.hashHigh + 4 * i),
        labelSet: block.readUInt32LE(at.labelSet + 4 * i),
        state: block.readUInt8(at.state + i) as SessionState,
      };
      assert.equal(restored.restore(record, TTL + 1), 'applied');
    }
  }
  assert.equal(restored.size, 30);
  assert.equal(restored.ended, 10);
  for (const [i, s] of sessions) assert.equal(restored.labelSetOf(`sid-${i}`), i < 30 ? undefined : s.set, `sid-${i}`);
  assert.equal(restored.heartbeat('sid-25', 0, SessionState.Playing, 1, TTL + 1, 299), 'stale', 'the end came back');
  assert.deepEqual(restored.counts(TTL + 1), table.counts(TTL + 1));
});

test('property: a session refreshed many times counts as one put once with its last heartbeat', () => {
  // Refreshes that only move the time within the expiry bucket skip the uncount/count pair: the
  // counts and their expiry must still be those of a table that saw each session's last heartbeat only.
  const beat = fc.record({
    sid: fc.constantFrom('a', 'b', 'c', 'd'),
    labelSet: fc.constantFrom(0, 1),
    state: fc.constantFrom(SessionState.Playing, SessionState.Buffering, SessionState.Paused),
    weight: fc.constantFrom(1, 2.5),
    dt: fc.integer({ min: 0, max: TTL / 3 }),
  });
  fc.assert(
    fc.property(
      fc.array(beat, { minLength: 1, maxLength: 40 }),
      fc.array(fc.nat(2 * TTL), { maxLength: 5 }),
      (beats, reads) => {
        const table = new SessionTable(10, TTL);
        const last = new Map<string, { labelSet: number; state: SessionState; weight: number; at: number }>();
        let at = 0;
        for (const b of beats) {
          at += b.dt;
          assert.equal(table.heartbeat(b.sid, b.labelSet, b.state, b.weight, at), 'applied');
          last.set(b.sid, { labelSet: b.labelSet, state: b.state, weight: b.weight, at });
        }
        const reference = new SessionTable(10, TTL);
        for (const [sid, s] of [...last].sort((x, y) => x[1].at - y[1].at))
          reference.heartbeat(sid, s.labelSet, s.state, s.weight, s.at);
        for (const r of [0, ...reads]) {
          const now = at + r;
          const [got, want] = [table.counts(now), reference.counts(now)];
          for (const id of [0, 1]) {
            assert.equal(got.viewers[id] ?? 0, want.viewers[id] ?? 0);
            assert.equal(got.rebuffering[id] ?? 0, want.rebuffering[id] ?? 0);
          }
        }
      }
    ),
    { numRuns: 300 }
  );
});
