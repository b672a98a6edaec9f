import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeCalendarBytes } from './calendarBytes';

/** Folds `line`'s bytes every `width` octets, as a byte-counting exporter does (splitting characters). */
function foldBytes(line: string, width: number, eol = '\r\n'): Buffer {
  const bytes = Buffer.from(line);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += width) {
    if (i > 0) parts.push(Buffer.from(`${eol} `));
    parts.push(bytes.subarray(i, i + width));
  }
  return Buffer.concat(parts);
}
const unfold = (text: string) => text.replace(/\r?\n[ \t]/g, '');

test('a fold inside a multi-byte character restores the character, and keeps the line count', () => {
  const summary = 'SUMMARY:Café Société — 東京 🎬 première';
  for (const width of [9, 10, 11, 12, 13]) {
    for (const eol of ['\r\n', '\n']) {
      const text = decodeCalendarBytes(foldBytes(summary, width, eol));
      assert.equal(unfold(text), summary, `width ${width}`);
      assert.ok(!text.includes('\uFFFD'), `width ${width}`);
      assert.equal(text.split('\n').length, foldBytes(summary, width, eol).toString('latin1').split('\n').length);
    }
  }
});

test('valid UTF-8 comes out exactly as Buffer.toString decodes it', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      assert.equal(decodeCalendarBytes(Buffer.from(s)), Buffer.from(s).toString('utf8'));
    })
  );
});

test('property: any text folded at any octet width unfolds to itself', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 4, max: 80 }), (s, width) => {
      const line = `X:${s.replace(/[\r\n]/g, '')}`;
      assert.equal(unfold(decodeCalendarBytes(foldBytes(line, width))), line);
    })
  );
});
