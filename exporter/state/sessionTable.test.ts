import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionState, SessionTable } from './sessionTable';

const TTL = 30_000;
const total = (t: SessionTable) => t.viewers.reduce((a, v) => a + (v ?? 0), 0);

test('concurrent viewers is the weighted count of playing and buffering sessions', () => {
  const table = new SessionTable(10, TTL);
  table.heartbeat('a', 0, SessionState.Playing, 1, 0);
  table.heartbeat('b', 0, SessionState.Buffering, 250, 0);
  assert.equal(total(table), 251);
  assert.equal(table.rebuffering[0], 250);
});

test('a paused session stays tracked but does not count', () => {
  const table = new SessionTable(10, TTL);
  table.heartbeat('a', 0, SessionState.Playing, 1, 0);
  table.heartbeat('a', 0, SessionState.Paused, 1, 1000);
  assert.equal(total(table), 0);
  assert.equal(table.size, 1);
});

test('ended removes a session at once', () => {
  const table = new SessionTable(10, TTL);
  table.heartbeat('a', 0, SessionState.Playing, 1, 0);
  assert.equal(table.end('a'), 'ended');
  assert.equal(table.size, 0);
  assert.equal(total(table), 0);
});

test('a session moving to another title leaves the first title', () => {
  const table = new SessionTable(10, TTL);
  table.heartbeat('a', 0, SessionState.Playing, 1, 0);
  table.heartbeat('a', 1, SessionState.Playing, 1, 0);
  assert.equal(table.viewers[0], 0);
  assert.equal(table.viewers[1], 1);
});

test('sessions without a heartbeat within the TTL expire in the sweep', () => {
  const table = new SessionTable(10, TTL);
  table.heartbeat('old', 0, SessionState.Playing, 1, 0);
  table.heartbeat('fresh', 0, SessionState.Playing, 1, 20_000);
  table.sweep(TTL, 10);
  assert.equal(table.size, 1);
  assert.equal(total(table), 1);
  assert.equal(table.expired, 1);
});

test('the sweep visits at most the slots it is given, resuming where it stopped', () => {
  const table = new SessionTable(100, TTL);
  for (let i = 0; i < 100; i++) table.heartbeat(`s${i}`, 0, SessionState.Playing, 1, 0);
  assert.equal(table.sweep(TTL, 30), 30);
  assert.equal(table.sweep(TTL, 30), 30);
  assert.equal(table.sweep(TTL, 100), 40);
  assert.equal(table.size, 0);
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

test('freed slots are reused, so churn does not grow the table', () => {
  const table = new SessionTable(4, TTL);
  for (let i = 0; i < 1000; i++) {
    table.heartbeat(`s${i}`, 0, SessionState.Playing, 1, 0);
    table.end(`s${i}`);
  }
  assert.equal(table.span, 1);
});

test('an update older than the newest event of its session is stale and changes nothing', () => {
  const table = new SessionTable(10, TTL);
  table.heartbeat('a', 0, SessionState.Buffering, 1, 10_000, 9_000);
  assert.equal(table.heartbeat('a', 1, SessionState.Playing, 1, 10_000, 8_000), 'stale');
  assert.equal(table.rebuffering[0], 1);
  assert.equal(table.heartbeat('a', 1, SessionState.Playing, 1, 10_000, 9_000), 'applied', 'same instant is not older');
});

test('an ended older than the newest heartbeat does not end the session', () => {
  const table = new SessionTable(10, TTL);
  table.heartbeat('a', 0, SessionState.Playing, 1, 10_000, 10_000);
  assert.equal(table.end('a', 9_999), 'stale');
  assert.equal(total(table), 1);
  assert.equal(table.end('a', 10_000), 'ended');
});

test('a heartbeat older than one TTL keeps nothing alive, and a session lives one TTL from its event', () => {
  const table = new SessionTable(10, TTL);
  assert.equal(table.heartbeat('old', 0, SessionState.Playing, 1, 100_000, 100_000 - TTL), 'stale');
  assert.equal(table.size, 0);
  table.heartbeat('late', 0, SessionState.Playing, 1, 100_000, 90_000);
  table.sweep(90_000 + TTL, 10);
  assert.equal(table.size, 0);
});
