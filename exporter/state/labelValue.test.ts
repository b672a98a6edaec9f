import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutLabel, MAX_LABEL_BYTES } from './labelValue';

test('short ASCII label values are kept as they are', () => {
  assert.equal(cutLabel('Game of Thrones S7E1'), 'Game of Thrones S7E1');
});

test('long values are cut to 128 bytes', () => {
  assert.equal(Buffer.byteLength(cutLabel('x'.repeat(500))), MAX_LABEL_BYTES);
});

test('multi-byte values are cut on a character boundary', () => {
  const cut = cutLabel('é'.repeat(100)); // 200 bytes
  assert.ok(Buffer.byteLength(cut) <= MAX_LABEL_BYTES);
  assert.equal(cut, 'é'.repeat(64));
});
