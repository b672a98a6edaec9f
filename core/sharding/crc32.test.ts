import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32Bytes, crc32String } from './crc32';

test('crc32 gives the IEEE check value for "123456789"', () => {
  assert.equal(crc32String('123456789'), 0xcbf43926);
});

test('crc32 of a non-ASCII string is the crc32 of its UTF-8 bytes', () => {
  assert.equal(crc32String('séance'), crc32Bytes(new TextEncoder().encode('séance')));
});

test('crc32 of the empty string is 0', () => {
  assert.equal(crc32String(''), 0);
});
