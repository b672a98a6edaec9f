import { randomBytes } from 'node:crypto';

/** A seeded 64-bit hash of a session id, as two 32-bit halves (the table stores them, never the id). */
export interface SidHashSeed {
  readonly a: number;
  readonly b: number;
}

export function randomSeed(): SidHashSeed {
  const bytes = randomBytes(8);
  return { a: bytes.readUInt32LE(0), b: bytes.readUInt32LE(4) };
}

/** The high half of the last hash; read right after `hashSid`, which returns the low half. */
export let sidHashHigh = 0;

/**
 * Two multiply-rotate lanes over the UTF-16 code units, cross-mixed and finalised with MurmurHash3's
 * fmix32. Hand-written because it runs once per heartbeat on the hot path, allocates nothing and
 * returns through a module variable: node:crypto's hashes cost a microsecond and a Buffer per call.
 * Seeded per table (the seed is saved with the state) so that nobody can aim ids at one probe chain.
 */
export function hashSid(sid: string, seed: SidHashSeed): number {
  let h1 = seed.a ^ 0x9e3779b9;
  let h2 = seed.b ^ 0x85ebca6b;
  const n = sid.length;
  for (let i = 0; i < n; i++) {
    const c = sid.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0xcc9e2d51);
    h1 = (h1 << 15) | (h1 >>> 17);
    h2 = Math.imul(h2 ^ c, 0x1b873593);
    h2 = (h2 << 13) | (h2 >>> 19);
    h2 = (h2 + h1) | 0;
  }
  finish(h1, h2, n, scratch);
  sidHashHigh = scratch[1]!;
  return scratch[0]!;
}

/**
 * `hashSid` of an ASCII id still in a buffer's bytes [start, end): an ASCII byte is its own UTF-16
 * code unit, so this equals `hashSid` of the decoded string (the byte scanner admits only ASCII sids).
 * Both halves go to `out` (low, high): read through a module export, `sidHashHigh` is a getter call
 * once compiled to CommonJS (~1% of a heartbeat's server time in a profile).
 */
export function hashSidBytes(buf: Uint8Array, start: number, end: number, seed: SidHashSeed, out: Uint32Array): void {
  let h1 = seed.a ^ 0x9e3779b9;
  let h2 = seed.b ^ 0x85ebca6b;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    h1 = Math.imul(h1 ^ c, 0xcc9e2d51);
    h1 = (h1 << 15) | (h1 >>> 17);
    h2 = Math.imul(h2 ^ c, 0x1b873593);
    h2 = (h2 << 13) | (h2 >>> 19);
    h2 = (h2 + h1) | 0;
  }
  finish(h1, h2, end - start, out);
}

/**
 * `hashSidBytes` fused with finding where the id ends: hashes the bytes from `start` (after a JSON
 * string's opening quote) up to its closing quote and returns the quote's index, or -1 at a control
 * byte, a backslash, a byte >= 0x80 or `end` first (the byte scanner then leaves the line to the
 * general path). One pass over the id instead of two (find its end, then hash it): measured in
 * bench/ingestProfile.ts's heartbeat workload, the separate hash was ~5% of the server's CPU.
 */
export function hashSidToQuote(
  buf: Uint8Array,
  start: number,
  end: number,
  seed: SidHashSeed,
  out: Uint32Array
): number {
  let h1 = seed.a ^ 0x9e3779b9;
  let h2 = seed.b ^ 0x85ebca6b;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === 0x22) {
      finish(h1, h2, i - start, out);
      return i;
    }
    if (c < 0x20 || c === 0x5c || c >= 0x80) return -1;
    h1 = Math.imul(h1 ^ c, 0xcc9e2d51);
    h1 = (h1 << 15) | (h1 >>> 17);
    h2 = Math.imul(h2 ^ c, 0x1b873593);
    h2 = (h2 << 13) | (h2 >>> 19);
    h2 = (h2 + h1) | 0;
  }
  return -1;
}

const scratch = new Uint32Array(2);

/** Both lanes' length mix and MurmurHash3 finalisation, into `out` (low, high). */
function finish(h1: number, h2: number, n: number, out: Uint32Array): void {
  h1 ^= n;
  h2 ^= n;
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  out[0] = h1;
  out[1] = h2;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
