import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wallTimeOfMatch } from './wallTimeMatch';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const match = (text: string) => DATE_TIME.exec(text) as RegExpExecArray;

test('a date-time match reads as its wall fields, a date alone as midnight', () => {
  assert.deepEqual(wallTimeOfMatch(match('2017-07-17T03:05')), {
    year: 2017,
    month: 7,
    day: 17,
    hour: 3,
    minute: 5,
    second: 0,
  });
  assert.deepEqual(wallTimeOfMatch(match('2016-09-30')), {
    year: 2016,
    month: 9,
    day: 30,
    hour: 0,
    minute: 0,
    second: 0,
  });
});

test('a date that does not exist reads as undefined, not rolled over', () => {
  assert.equal(wallTimeOfMatch(match('2017-13-01')), undefined);
  assert.equal(wallTimeOfMatch(match('2017-02-30T10:00')), undefined);
  assert.equal(wallTimeOfMatch(match('2017-02-01T24:30')), undefined);
});
