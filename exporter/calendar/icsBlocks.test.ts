import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanIcs } from './icsBlocks';

test('a line long enough to cost a slice of its own is followed by a yield check; its garbage is still reported', async () => {
  // The chaos suite's corrupt calendar: a torn VEVENT, then a megabyte of bytes that are not UTF-8.
  const text = `BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage${'\ufffd'.repeat(2 ** 20)}`;
  let checks = 0;
  const scan = await scanIcs(text, 'premieres.ics', { maybeYield: async () => void checks++ });
  assert.equal(checks, 1, 'one check, after the one long line (the short ones wait for 2048 lines)');
  assert.deepEqual(
    scan.errors.map((e) => [e.line, e.message]),
    [
      [2, 'BEGIN:VEVENT is never closed (file truncated?)'],
      [1, 'BEGIN:VCALENDAR is never closed (file truncated?)'],
    ]
  );
});
