import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_CDN_RESOURCES, resourceDemands, type SegmentLoad } from './resourceDemand';

const total = { viewers: 1000, loginsPerSecond: 10, segmentsPerSecond: 250 };
// Two titles: "Live" on cdn-a only, "Replay" on cdn-b only, 0.25 requests per viewer per second.
const load: SegmentLoad = {
  rates: new Map([
    ['Live', new Map([['cdn-a', 200]])],
    ['Replay', new Map([['cdn-b', 50]])],
  ]),
  titleViewers: new Map([
    ['Live', 800],
    ['Replay', 200],
  ]),
  totalViewers: 1000,
};
const byResource = (ds: ReturnType<typeof resourceDemands>) => new Map(ds.map((d) => [d.resource, d]));

test('one demand per resource with a capacity, segments:<cdn> included', () => {
  const ds = resourceDemands(
    total,
    {
      viewers: 5000,
      segments: 1000,
      segmentsByCdn: new Map([
        ['cdn-a', 600],
        ['cdn-b', 100],
        ['cdn-c', 0],
      ]),
    },
    load
  );
  assert.deepEqual(
    ds.map((d) => d.resource),
    ['viewers', 'segments', 'segments:cdn-a', 'segments:cdn-b']
  );
});

test('a title loads only the CDNs it uses, at its own requests per viewer', () => {
  const d = byResource(
    resourceDemands(
      total,
      {
        segmentsByCdn: new Map([
          ['cdn-a', 600],
          ['cdn-b', 100],
        ]),
      },
      load
    )
  );
  assert.deepEqual(d.get('segments:cdn-b')?.title('Replay', 200), { now: 50, perViewer: 0.25 });
  assert.deepEqual(d.get('segments:cdn-b')?.title('Live', 800), { now: 0, perViewer: 0 });
  assert.equal(d.get('segments:cdn-a')?.now, 200);
  assert.equal(d.get('segments:cdn-b')?.now, 50);
});

test('a title with no requests yet loads the CDNs as the platform does', () => {
  const d = byResource(resourceDemands(total, { segmentsByCdn: new Map([['cdn-a', 600]]) }, load));
  assert.deepEqual(d.get('segments:cdn-a')?.title('New show', 0), { now: 0, perViewer: 0.2 });
});

test('rates over a window are per viewer of that window, and brought to now by the viewers since', () => {
  // The window saw 500 viewers on average; 1000 are here now: the load now is twice the window's.
  const ramp: SegmentLoad = {
    rates: new Map([['Live', new Map([['cdn-a', 125]])]]),
    titleViewers: new Map([['Live', 500]]),
    totalViewers: 500,
  };
  const d = byResource(resourceDemands(total, { segments: 1000, segmentsByCdn: new Map([['cdn-a', 600]]) }, ramp));
  assert.equal(d.get('segments:cdn-a')?.now, 250);
  assert.deepEqual(d.get('segments:cdn-a')?.title('Live', 1000), { now: 250, perViewer: 0.25 });
  assert.equal(d.get('segments')?.now, 250);
});

test('without per-title counts, segments scale with the platform as before; per-CDN loads read 0', () => {
  const d = byResource(
    resourceDemands(total, { segments: 1000, logins: 50, segmentsByCdn: new Map([['cdn-a', 600]]) })
  );
  assert.deepEqual(d.get('segments')?.title('Live', 800), { now: 200, perViewer: 0.25 });
  assert.deepEqual(d.get('logins')?.title('Live', 800), { now: 8, perViewer: 0.01 });
  assert.equal(d.get('segments:cdn-a')?.now, 0);
});

test(`at most ${MAX_CDN_RESOURCES} CDNs get a forecast`, () => {
  const many = new Map(Array.from({ length: MAX_CDN_RESOURCES + 10 }, (_, i) => [`cdn-${i}`, 100] as const));
  assert.equal(resourceDemands(total, { segmentsByCdn: many }, load).length, MAX_CDN_RESOURCES);
});

test('an idle title loads the CDNs it used when last seen streaming, not the platform mix', () => {
  const idle: SegmentLoad = { ...load, knownPerViewer: new Map([['Weekly', new Map([['cdn-a', 0.25]])]]) };
  const d = byResource(
    resourceDemands(
      total,
      {
        segments: 1000,
        segmentsByCdn: new Map([
          ['cdn-a', 600],
          ['cdn-b', 100],
        ]),
      },
      idle
    )
  );
  assert.deepEqual(d.get('segments:cdn-b')?.title('Weekly', 0), { now: 0, perViewer: 0 });
  assert.deepEqual(d.get('segments:cdn-a')?.title('Weekly', 0), { now: 0, perViewer: 0.25 });
  assert.deepEqual(d.get('segments')?.title('Weekly', 0), { now: 0, perViewer: 0.25 });
});
