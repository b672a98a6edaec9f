/** Longest label value the exporter emits, in UTF-8 bytes. */
export const MAX_LABEL_BYTES = 128;

/** Cuts a value to at most `MAX_LABEL_BYTES` UTF-8 bytes without splitting a character. */
export function cutLabel(value: string): string {
  // Fast path: pure ASCII under the limit (the usual case on the hot path).
  if (value.length <= MAX_LABEL_BYTES && /^[\x20-\x7e]*$/.test(value)) return value;
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length <= MAX_LABEL_BYTES) return value;
  let end = MAX_LABEL_BYTES;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--; // back off continuation bytes
  return bytes.subarray(0, end).toString('utf8');
}
