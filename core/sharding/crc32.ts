/**
 * CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), the checksum nginx's `hash ... consistent`
 * uses for both its ring points and its keys. Split into init / update / final as nginx does, because
 * a ring point hashes a shared prefix (host \0 port) then 4 more bytes.
 */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export const CRC32_INIT = 0xffffffff;

export function crc32Update(crc: number, bytes: ArrayLike<number>): number {
  let c = crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
}

export function crc32Final(crc: number): number {
  return (crc ^ 0xffffffff) >>> 0;
}

const utf8 = new TextEncoder();

/** The CRC-32 of a string's UTF-8 bytes. ASCII ids (UUIDs) skip the encoder: this runs once per event. */
export function crc32String(text: string): number {
  let c = CRC32_INIT;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return crc32Final(crc32Update(CRC32_INIT, utf8.encode(text)));
    c = TABLE[(c ^ code) & 0xff]! ^ (c >>> 8);
  }
  return crc32Final(c);
}

export function crc32Bytes(bytes: ArrayLike<number>): number {
  return crc32Final(crc32Update(CRC32_INIT, bytes));
}
