import { randomBytes } from 'node:crypto';
import type { RawLabels } from './telemetryEvent';

/**
 * Entries past which the cache starts afresh: a flood of raw values cannot grow it (a miss only costs
 * the event path's lookup). The label sets themselves are bounded by the series budget.
 */
export const MAX_ENTRIES = 16_384;
/** Bytes of keys past which it starts afresh too: 4 MiB at most whatever the labels' lengths. */
const ARENA_BYTES = 4 * 1024 * 1024;

/**
 * A heartbeat's four raw label values (or a segment's two), as bytes of the request, -> its label-set
 * id: LabelSetCache for the byte path, with no string per lookup. Open addressing on a seeded hash (nobody can aim
 * values at one probe chain), each key's bytes kept in an arena and compared on a hit. The same rules
 * as LabelSetCache hold: only ids that were not folded are kept, and `clear()` runs whenever the
 * guard's answers may change.
 */
export class RawLabelCache {
  private readonly seed = randomBytes(4).readUInt32LE(0);
  /**
   * Per slot, the entry's hash and entry + 1 (0: empty), side by side; per entry, where its key starts
   * in the arena and its value, side by side: a hit reads one line of each instead of one of each of
   * four arrays (bench:peers' 10,000 label sets put the cache past the L2).
   */
  private readonly slots: Int32Array;
  private readonly entryData: Int32Array;
  /** Slots: twice the entries, a power of two. */
  private readonly mask: number;
  /** Grown by doubling as keys come, up to ARENA_BYTES. */
  private arena = new Uint8Array(16 * 1024);
  private entries = 0;
  private arenaUsed = 0;
  private lastHash = 0;

  /** `maxEntries`: a power of two (the logins' caches need far fewer than the viewers' label sets). */
  constructor(private readonly maxEntries = MAX_ENTRIES) {
    this.slots = new Int32Array(maxEntries * 4);
    this.entryData = new Int32Array(maxEntries * 2);
    this.mask = maxEntries * 2 - 1;
  }

  /** The id cached for these labels, or -1. */
  get(buf: Uint8Array, hb: RawLabels): number {
    // The four fields' own hashes were made by the scanner as it read them (hashLabelToQuote).
    const fields = hb.labelHashes;
    let h = this.seed;
    for (let k = 0; k < 4; k++) {
      h = Math.imul(h ^ fields[k]!, 0xcc9e2d51);
      h = (h << 15) | (h >>> 17);
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    this.lastHash = h;
    const mask = this.mask;
    const slots = this.slots;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[2 * slot + 1]! - 1;
      if (entry < 0) return -1;
      if (slots[2 * slot] === h && this.matches(entry, buf, hb)) return this.entryData[2 * entry + 1]!;
    }
  }

  /** Caches `id` for the labels `get` was just asked about (and missed). */
  set(buf: Uint8Array, hb: RawLabels, id: number): void {
    const length =
      8 +
      hb.titleEnd -
      hb.titleStart +
      hb.cdnEnd -
      hb.cdnStart +
      hb.regionEnd -
      hb.regionStart +
      hb.deviceEnd -
      hb.deviceStart;
    if (length > ARENA_BYTES) return;
    if (this.entries >= this.maxEntries || this.arenaUsed + length > ARENA_BYTES) this.clear();
    if (this.arenaUsed + length > this.arena.length) {
      const grown = new Uint8Array(Math.min(ARENA_BYTES, 2 * Math.max(this.arena.length, this.arenaUsed + length)));
      grown.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = grown;
    }
    const entry = this.entries++;
    const at = this.arenaUsed;
    this.arenaUsed += length;
    this.entryData[2 * entry] = at;
    this.entryData[2 * entry + 1] = id;
    let p = at + 8;
    p = this.copy(at, p, buf, hb.titleStart, hb.titleEnd);
    p = this.copy(at + 2, p, buf, hb.cdnStart, hb.cdnEnd);
    p = this.copy(at + 4, p, buf, hb.regionStart, hb.regionEnd);
    this.copy(at + 6, p, buf, hb.deviceStart, hb.deviceEnd);
    const mask = this.mask;
    let slot = this.lastHash & mask;
    while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    this.slots[2 * slot] = this.lastHash;
    this.slots[2 * slot + 1] = entry + 1;
  }

  clear(): void {
    if (this.entries === 0) return;
    this.slots.fill(0);
    this.entries = 0;
    this.arenaUsed = 0;
  }

  /** Writes one field's length (2 bytes) at `lengthAt` and its bytes at `p`; returns the end. */
  private copy(lengthAt: number, p: number, buf: Uint8Array, start: number, end: number): number {
    const n = end - start;
    this.arena[lengthAt] = n & 0xff;
    this.arena[lengthAt + 1] = n >>> 8;
    this.arena.set(buf.subarray(start, end), p);
    return p + n;
  }

  private matches(entry: number, buf: Uint8Array, hb: RawLabels): boolean {
    const at = this.entryData[2 * entry]!;
    let p = at + 8;
    p = this.same(at, p, buf, hb.titleStart, hb.titleEnd);
    if (p < 0) return false;
    p = this.same(at + 2, p, buf, hb.cdnStart, hb.cdnEnd);
    if (p < 0) return false;
    p = this.same(at + 4, p, buf, hb.regionStart, hb.regionEnd);
    return p >= 0 && this.same(at + 6, p, buf, hb.deviceStart, hb.deviceEnd) >= 0;
  }

  /** Where the field after this one starts in the arena, or -1 when this one differs. */
  private same(lengthAt: number, p: number, buf: Uint8Array, start: number, end: number): number {
    const arena = this.arena;
    const n = end - start;
    if ((arena[lengthAt]! | (arena[lengthAt + 1]! << 8)) !== n) return -1;
    for (let k = 0; k < n; k++) if (arena[p + k] !== buf[start + k]) return -1;
    return p + n;
  }
}

/** Seeds the fields' hashes (per process, so nobody can aim label values at one probe chain). */
const FIELD_SEED = randomBytes(4).readUInt32LE(0);

/**
 * One label value's hash, made while finding where it ends: multiply-rotate over the bytes from
 * `start` (after the string's opening quote) to its closing quote, then its length (so field
 * boundaries count), into `hashes[slot]`. Returns the quote's index, or -1 at a control byte, a
 * backslash or `end` first (JSON.parse decides those lines). Other bytes are UTF-8 and decode the
 * same alone as within the line, so the value is exactly the bytes between the quotes. Fused with
 * the scan because a second pass over the four values was most of this cache's ~10% of the server's
 * CPU in bench/ingestProfile.ts's heartbeat workload.
 */
export function hashLabelToQuote(
  buf: Uint8Array,
  start: number,
  end: number,
  hashes: Int32Array,
  slot: number
): number {
  let h = FIELD_SEED;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === 0x22) {
      hashes[slot] = Math.imul(h ^ (i - start), 0x1b873593);
      return i;
    }
    if (c < 0x20 || c === 0x5c) return -1;
    h = Math.imul(h ^ c, 0xcc9e2d51);
    h = (h << 15) | (h >>> 17);
  }
  return -1;
}
