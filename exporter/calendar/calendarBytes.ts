const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
/** A UTF-8 continuation byte (10xxxxxx): never the first byte of a character. */
const isContinuation = (b: number | undefined) => b !== undefined && (b & 0xc0) === 0x80;

/**
 * A calendar file's bytes as text. RFC 5545 folds lines at 75 octets, and many exporters fold in the
 * middle of a multi-byte UTF-8 character (RFC 5545 3.1 asks readers to restore it): decoded first,
 * each half becomes U+FFFD, so "Café" reads "Caf\uFFFD\uFFFD". A fold followed by continuation bytes
 * is moved after them before decoding: the unfolded text is the same, the line count too (error
 * lines stay right), and bytes that are valid UTF-8 are never touched, so YAML is safe to pass.
 */
export function decodeCalendarBytes(bytes: Buffer): string {
  let out: Buffer | undefined;
  for (let lf = bytes.indexOf(LF); lf !== -1; lf = bytes.indexOf(LF, lf + 1)) {
    const src = out ?? bytes;
    const blank = src[lf + 1];
    if ((blank !== SPACE && blank !== TAB) || !isContinuation(src[lf + 2])) continue;
    const foldStart = lf > 0 && src[lf - 1] === CR ? lf - 1 : lf;
    let end = lf + 2;
    while (end < src.length && end < lf + 5 && isContinuation(src[end])) end++; // at most 3 continue one
    out ??= Buffer.from(bytes); // copied once, on the first split character
    const fold = Buffer.from(out.subarray(foldStart, lf + 2));
    out.copyWithin(foldStart, lf + 2, end); // the character's rest first...
    fold.copy(out, foldStart + (end - lf - 2)); // ...then the fold
    lf += end - lf - 2; // where the LF moved to: the search goes on after it
  }
  return (out ?? bytes).toString('utf8');
}
