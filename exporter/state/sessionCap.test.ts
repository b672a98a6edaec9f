import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionCapProblem } from './sessionCap';

const GiB = 2 ** 30;

test('a session cap the memory cannot hold is refused, saying what it needs and what would fit', () => {
  const problem = sessionCapProblem(50_000_000, 2 * GiB);
  assert.match(String(problem), /maxSessions 50000000 needs 2038 MiB .* 2048 MiB .* at most 25165824\b/);
  assert.equal(sessionCapProblem(25_165_824, 2 * GiB), null, 'the figure it suggests fits');
  assert.equal(sessionCapProblem(2_000_000, 2 * GiB), null);
});
