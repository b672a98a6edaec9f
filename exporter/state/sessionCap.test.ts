import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionCapProblem } from './sessionCap';

const GiB = 2 ** 30;

test('a session cap the memory cannot hold is refused, saying what it needs and what would fit', () => {
  const problem = sessionCapProblem(50_000_000, 2 * GiB);
  assert.match(String(problem), /maxSessions 50000000 needs 1895 MiB .* 2048 MiB .* at most 27769185\b/);
  assert.equal(sessionCapProblem(27_769_185, 2 * GiB), null, 'the figure it suggests fits');
  assert.equal(sessionCapProblem(2_000_000, 2 * GiB), null);
});
