import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHIPPED_LIBRARY } from './templates.data';
import { templatePeakRatio, templateRatioAt } from './template';
import { EVENT_WINDOW_MIN } from './eventWindow';

test('every shipped template covers its kind window on the 5-minute grid', () => {
  for (const t of Object.values(SHIPPED_LIBRARY.templates)) {
    if (!t) continue;
    assert.equal(t.windowMin, EVENT_WINDOW_MIN[t.kind]);
    assert.equal(t.ratio.length, (t.windowMin - t.startMin) / t.stepMin + 1, t.kind);
    assert.ok(
      t.ratio.every((r) => Number.isFinite(r) && r > 0),
      t.kind
    );
  }
});

test('the re-login template dips at T0 and recovers within the hour, as the OSRS storms do', () => {
  const t = SHIPPED_LIBRARY.templates.relogin;
  assert.ok(t, 'relogin template shipped');
  assert.ok(templateRatioAt(t, 0) < 0.6);
  assert.ok(templateRatioAt(t, 60) > 0.9);
});

test('launch templates rise above their baseline', () => {
  for (const kind of ['premiere', 'episode'] as const) {
    const t = SHIPPED_LIBRARY.templates[kind];
    assert.ok(t && templatePeakRatio(t) > 1.2, kind);
  }
});

test('every band has ordered quantiles', () => {
  for (const [key, bands] of Object.entries(SHIPPED_LIBRARY.bands))
    for (const b of bands ?? []) assert.ok(b.lo <= b.hi, key);
});
