import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calendarConfigSchema } from './config';

test('an empty section gets the documented defaults', () => {
  const c = calendarConfigSchema.parse({});
  assert.deepEqual(c.window, { lookBehind: 7 * 86_400_000, lookAhead: 30 * 86_400_000 });
  assert.deepEqual([c.sources, c.defaultKind, c.timeZone], [[], 'episode', 'UTC']);
});

test('sources: file, URL with polling defaults, demo; capacity as a path', () => {
  const c = calendarConfigSchema.parse({
    sources: [
      { name: 'premieres', file: 'provisioning/calendar/seed-incidents.ics' },
      { name: 'google', url: 'https://calendar.example/private-abc/basic.ics', refreshInterval: '10m' },
      { name: 'demo', demo: { firstStartsIn: '3m' } },
    ],
    capacity: 'provisioning/calendar/capacity.example.yaml',
    window: { lookAhead: '14d' },
    kinds: { PPV: 'live' },
  });
  const url = c.sources[1];
  assert.ok(url && 'url' in url);
  assert.deepEqual([url.refreshInterval, url.minRefreshInterval, url.timeout], [600_000, 60_000, 10_000]);
  assert.deepEqual(c.capacity, { name: 'capacity', file: 'provisioning/calendar/capacity.example.yaml' });
  assert.equal(c.window.lookAhead, 14 * 86_400_000);
});

test('bad durations, duplicate names, unknown keys and non-http URLs are refused', () => {
  const r = calendarConfigSchema.safeParse({
    sources: [
      { name: 'a', file: 'x.ics' },
      { name: 'a', url: 'ftp://example.com/x.ics' },
    ],
    window: { lookBehind: 'a week' },
    colour: 'red',
  });
  assert.equal(r.success, false);
  const paths = r.error!.issues.map((i) => i.path.join('.'));
  assert.ok(paths.includes('window.lookBehind'), paths.join());
  assert.ok(
    paths.some((p) => p.startsWith('sources.1')),
    paths.join()
  );
  assert.ok(r.error!.issues.some((i) => i.code === 'unrecognized_keys'));
});

test('a zod error about a URL source does not echo the URL', () => {
  const secret = 'https://calendar.example/private-abc123/basic.ics';
  const r = calendarConfigSchema.safeParse({ sources: [{ name: 'bad name!', url: secret }] });
  assert.equal(r.success, false);
  assert.ok(!JSON.stringify(r.error!.issues).includes('private-abc123'));
});
