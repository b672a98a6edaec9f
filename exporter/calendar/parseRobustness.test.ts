import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DEFAULT_KIND_MAPPING } from '../../core/calendar/kindMapping';
import { parseCalendarFile } from './calendarFile';
import { parseIcs } from './icsCalendar';

const fixtures = ['google-wwe-raw.ics', 'outlook-premieres.ics', 'apple-drops.ics'].map((f) =>
  readFileSync(join(__dirname, '../../tests/fixtures/calendar', f), 'utf8').split('\r\n')
);
const options = {
  source: 'fuzz.ics',
  range: { from: Date.parse('2016-01-01T00:00Z'), to: Date.parse('2026-01-01T00:00Z') },
  kinds: DEFAULT_KIND_MAPPING,
  defaultKind: 'episode' as const,
  timeZone: 'UTC',
  maxRecurrenceSteps: 5000,
};

/** Real exports, then lines dropped, duplicated, cut or garbled. */
const mutatedIcs = fc
  .tuple(
    fc.constantFrom(...fixtures),
    fc.array(
      fc.tuple(fc.nat(), fc.constantFrom('drop', 'dup', 'cut', 'garble', 'value'), fc.string({ maxLength: 12 })),
      { maxLength: 6 }
    )
  )
  .map(([lines, edits]) => {
    const out = [...lines];
    for (const [at, kind, junk] of edits) {
      const i = at % out.length;
      const line = out[i] ?? '';
      if (kind === 'drop') out.splice(i, 1);
      else if (kind === 'dup') out.splice(i, 0, line);
      else if (kind === 'cut') out[i] = line.slice(0, line.length >> 1);
      else if (kind === 'garble') out[i] = junk + line;
      else out[i] = line.replace(/:.*/, `:${junk}`);
    }
    return out.join('\r\n');
  });

test('no damaged ICS makes the parser throw: it returns events or located errors', async () => {
  await fc.assert(
    fc.asyncProperty(mutatedIcs, async (text) => {
      const r = await parseIcs(text, options);
      for (const e of r.errors) assert.equal(typeof e.message, 'string');
      for (const e of r.events)
        assert.ok(Number.isFinite(e.event.start) && e.event.end >= e.event.start, JSON.stringify(e.event));
    }),
    { numRuns: 300 }
  );
});

test('no arbitrary text makes either parser throw', async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ maxLength: 400 }), async (text) => {
      await parseIcs(text, options);
      await parseCalendarFile(text, { source: 'fuzz.yaml', timeZone: 'UTC' });
    }),
    { numRuns: 300 }
  );
});
