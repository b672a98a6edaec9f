/**
 * Event ids become the `event` label, which the exporter cuts at 128 bytes. Outlook UIDs alone are
 * over 100 characters, so long ids keep a readable head and a hash of the whole, and stay unique.
 */
const MAX_ID = 64;
const HEAD = 40;

function fnv1a32(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** `text` itself when short, else its first characters, `~`, and a 64-bit hash of the whole. */
export function compactId(text: string): string {
  if (text.length <= MAX_ID) return text;
  const hash =
    fnv1a32(text, 0x811c9dc5).toString(16).padStart(8, '0') + fnv1a32(text, 0x050c5d1f).toString(16).padStart(8, '0');
  return `${text.slice(0, HEAD)}~${hash}`;
}

/** The compact UTC form of an instant used in occurrence ids: `20250106T020000Z`. */
export function compactUtc(instant: number): string {
  return new Date(instant)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** One occurrence of a series: the series' id and the occurrence's original start (its RECURRENCE-ID). */
export function occurrenceId(uid: string, originalStart: number): string {
  return `${compactId(uid)}/${compactUtc(originalStart)}`;
}
