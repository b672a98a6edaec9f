import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bandFor,
  bandOffsets,
  templateFor,
  type HorizonBand,
  type LaunchTemplate,
  type TemplateLibrary,
} from './template';

const bands: HorizonBand[] = [
  { maxHorizonMin: 10, lo: -0.1, hi: 0.1, n: 50, atHorizonMin: 5 },
  { maxHorizonMin: 20, lo: -0.2, hi: 0.3, n: 50, atHorizonMin: 15 },
  { maxHorizonMin: 1e9, lo: -0.4, hi: 0.5, n: 50, atHorizonMin: 60 },
];

test('bands are interpolated between bucket horizons: no step at a bucket edge', () => {
  assert.deepEqual(
    [bandFor(bands, 1)?.hi, bandFor(bands, 10)?.hi, bandFor(bands, 15)?.hi, bandFor(bands, 600)?.hi],
    [0.1, 0.2, 0.3, 0.5]
  );
  // Across the 10-minute edge the width moves by a sliver, not a jump.
  const before = bandFor(bands, 9.99) as HorizonBand;
  const after = bandFor(bands, 10.01) as HorizonBand;
  assert.ok(Math.abs(after.hi - before.hi) < 1e-3 && Math.abs(after.lo - before.lo) < 1e-3);
});

test('a library without bucket horizons keeps picking its bucket', () => {
  const old = bands.map(({ atHorizonMin: _, ...b }) => b);
  assert.equal(bandFor(old, 12)?.hi, 0.3);
});

const episode: LaunchTemplate = {
  kind: 'episode',
  stepMin: 5,
  startMin: -60,
  windowMin: 360,
  ratio: [1, 2],
  source: 't',
};
const library: TemplateLibrary = { templates: { episode }, bands: {} };

test('a launch kind without a template borrows another launch kind’s; re-logins and rebroadcasts do not', () => {
  assert.equal(templateFor(library, 'episode'), episode);
  assert.deepEqual(templateFor(library, 'premiere')?.ratio, episode.ratio);
  assert.equal(templateFor(library, 'premiere')?.kind, 'premiere');
  assert.equal(templateFor(library, 'premiere')?.windowMin, 720, 'the borrower keeps its own window');
  assert.equal(templateFor(library, 'relogin'), undefined);
  assert.equal(templateFor(library, 'rebroadcast'), undefined);
});

test('a rebroadcast with a planned peak borrows a launch’s rise; without a plan it does not', () => {
  const planned = templateFor(library, 'rebroadcast', 300_000);
  assert.deepEqual(planned?.ratio, episode.ratio);
  assert.equal(planned?.kind, 'rebroadcast');
  assert.equal(planned?.windowMin, 180, 'the borrower keeps its own window');
  assert.equal(templateFor(library, 'rebroadcast', 300_000), planned, 'the same object each time (memo key)');
  assert.equal(templateFor(library, 'rebroadcast', 0), undefined);
  assert.equal(templateFor(library, 'relogin', 300_000), undefined, 'a re-login storm never borrows a launch');
});

test('bandOffsets gives bandFor’s values along a path in one pass', () => {
  const horizons = [0.5, 5, 7, 10, 15, 30, 59, 60, 61, 900];
  const offsets = bandOffsets(bands, horizons);
  horizons.forEach((h, j) => {
    const b = bandFor(bands, h) as HorizonBand;
    assert.ok(
      Math.abs((offsets[2 * j] as number) - b.lo) < 1e-12 && Math.abs((offsets[2 * j + 1] as number) - b.hi) < 1e-12,
      `${h}`
    );
  });
});
