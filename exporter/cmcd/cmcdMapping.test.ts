import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CmcdMapping } from './cmcdMapping';
import { parseCmcdConfig } from './config';
import type { LoggedRequest } from './nginxCmcdLine';

const mapping = new CmcdMapping(
  parseCmcdConfig({
    titles: { 'launch-night': 'Launch Night Live' },
    cdnHosts: { 'edge.fastly.example': 'fastly' },
    players: { device: 'web' },
  })
);

const stateOf = (sta: string | undefined, bs?: boolean) => {
  const { events } = mapping.playerReport({ sid: 's', sta, bs, e: 't' });
  return events[0]?.type === 'heartbeat' ? events[0].state : undefined;
};

test('sta drives the session: playing, rebuffering, paused or ended', () => {
  const expected: Record<string, string> = {
    s: 'playing',
    p: 'playing',
    k: 'playing',
    r: 'buffering',
    w: 'buffering',
    f: 'buffering',
    a: 'paused',
    d: 'paused',
    e: 'ended',
    q: 'ended',
  };
  for (const [sta, state] of Object.entries(expected)) assert.equal(stateOf(sta), state, `sta=${sta}`);
});

test('without a known sta (v1), a report means watching, or buffering when bs is set', () => {
  assert.equal(stateOf(undefined), 'playing');
  assert.equal(stateOf(undefined, true), 'buffering');
  assert.equal(stateOf('constructor'), 'playing');
});

test('cid goes through the title map; an unmapped cid stays as sent for the title guard', () => {
  const [mapped] = mapping.playerReport({ sid: 's', cid: 'launch-night', sta: 'p' }).events;
  const [unmapped] = mapping.playerReport({ sid: 's', cid: 'toString', sta: 'p' }).events;
  assert.equal(mapped?.type === 'heartbeat' && mapped.title, 'Launch Night Live');
  assert.equal(unmapped?.type === 'heartbeat' && unmapped.title, 'toString');
});

test("e=rr is the player's view of a response, with its rc; the CDN comes from the URL host", () => {
  const { playerResponse } = mapping.playerReport({
    sid: 's',
    cid: 'launch-night',
    sta: 'p',
    e: 'rr',
    rc: 504,
    ot: 'v',
    url: 'https://edge.fastly.example/hls/seg012.ts',
  });
  assert.deepEqual(playerResponse, { title: 'Launch Night Live', cdn: 'fastly', status: 504 });
});

test('e=rr for a manifest is not a segment; rc 0 (network failure) is an abort', () => {
  assert.equal(mapping.playerReport({ e: 'rr', rc: 200, ot: 'm' }).playerResponse, undefined);
  assert.equal(
    mapping.playerReport({ e: 'rr', rc: 200, url: 'https://x/live/index.mpd?a=1' }).playerResponse,
    undefined
  );
  assert.deepEqual(mapping.playerReport({ e: 'rr', rc: 0 }).playerResponse, {
    title: 'other',
    cdn: '',
    status: 'aborted',
  });
});

test('e=e is a player error for the title', () => {
  assert.equal(mapping.playerReport({ cid: 'launch-night', e: 'e', sta: 'f' }).errorTitle, 'Launch Night Live');
});

const logged = (path: string): LoggedRequest => ({ at: 1_000, status: 504, host: 'origin.example', path, cmcd: '' });

test('a logged media request is a segment result with the logged status and the shipper CDN', () => {
  const effects = mapping.loggedRequest({ sid: 's', cid: 'launch-night', sta: 'p', ot: 'av' }, logged('/x'), 'origin');
  assert.deepEqual(effects.events[1], { type: 'segment', title: 'Launch Night Live', cdn: 'origin', status: 504 });
  assert.equal(effects.events[0]?.type === 'heartbeat' && effects.events[0].ts, 1_000, 'ordered by the log time');
});

test('without ot, the path tells a media request from a manifest', () => {
  assert.equal(mapping.loggedRequest({ cid: 'c' }, logged('/hls/seg1.m4s'), 'origin').events.length, 1);
  assert.equal(mapping.loggedRequest({ cid: 'c' }, logged('/hls/index.m3u8'), 'origin').events.length, 0);
});
