import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrng, hashToUnit, pickAt, stochasticRound } from './prng';

test('the same seed draws the same sequence, another seed a different one', () => {
  const draw = (seed: number) =>
    Array.from(
      { length: 5 },
      (
        (rng) => () =>
          rng.next()
      )(createPrng(seed))
    );
  assert.deepEqual(draw(42), draw(42));
  assert.notDeepEqual(draw(42), draw(43));
});

test('draws stay in [0, 1)', () => {
  const rng = createPrng(7);
  for (let i = 0; i < 10_000; i++) {
    const x = rng.next();
    assert.ok(x >= 0 && x < 1);
  }
});

test('stochastic rounding keeps the expectation', () => {
  const rng = createPrng(1);
  let sum = 0;
  for (let i = 0; i < 20_000; i++) sum += stochasticRound(rng, 0.3);
  assert.ok(Math.abs(sum / 20_000 - 0.3) < 0.02, `mean ${sum / 20_000}`);
  assert.equal(stochasticRound(rng, -2), 0);
});

test('a weighted pick lands in proportion to the weights', () => {
  const counts = [0, 0];
  for (let i = 0; i < 10_000; i++) counts[pickAt(hashToUnit(i), [1, 3])]! += 1;
  assert.ok(Math.abs(counts[1]! / 10_000 - 0.75) < 0.03, `share ${counts[1]! / 10_000}`);
});
