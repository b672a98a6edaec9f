import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeCmcd } from '@svta/cml-cmcd';
import { boundReport, cmcdReportSchema, READ_KEYS } from './cmcdReport';
import { decodeCmcdLine } from './decodeLine';

// Members as players write them: strings with commas, quotes and backslashes, tokens, integers, flags.
const sfString = fc.string({ maxLength: 40 }).map((s) => {
  const printable = s.replace(/[^\x20-\x7e]/g, '');
  return `"${printable.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
});
const value = fc.oneof(
  sfString,
  fc.integer({ min: 0, max: 99_999 }).map(String),
  fc.constantFrom('p', 'r', 'a', 't', 'rr', 'v', 'av', 'm'),
  fc.constant('(100 200)')
);
const key = fc.constantFrom(
  'sid',
  'cid',
  'e',
  'sta',
  'bs',
  'ot',
  'rc',
  'url',
  'cdn',
  'v',
  'sn',
  'ts',
  'msd',
  'com.x-y'
);
const member = fc.tuple(key, fc.option(value, { nil: undefined })).map(([k, v]) => (v === undefined ? k : `${k}=${v}`));

test('decoding only the keys Launchday reads gives what a full decode gives for those keys', () => {
  fc.assert(
    fc.property(fc.array(member, { minLength: 1, maxLength: 12 }), (members) => {
      const line = members.join(',');
      const full = decodeCmcd(line) as Record<string, unknown>;
      const read = Object.fromEntries(Object.entries(full).filter(([k]) => READ_KEYS.has(k)));
      const expected = cmcdReportSchema.safeParse(read);
      const actual = decodeCmcdLine(line);
      if (expected.success) assert.deepEqual(actual, { report: boundReport(expected.data) });
      else assert.ok('error' in actual, `${line} should fail`);
    }),
    { numRuns: 500 }
  );
});
