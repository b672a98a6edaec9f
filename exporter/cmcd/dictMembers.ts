/**
 * Splits a CMCD payload (an RFC 8941 dictionary) into its members in one pass, checking every key but
 * cutting out only the members whose key is wanted: a report carries 10-25 keys and Launchday reads a
 * few, so the others cost a scan and no string. Commas inside strings do not split; the decoding
 * itself, values and all, stays with the caller (and @svta/cml-cmcd). Returns an error for an
 * unterminated string, an empty member or a bad key.
 *
 * Keys: RFC 8941 keys are lowercase, but CTA-5004's own custom-key example is
 * `com.example-myNumericKey`, and players send such keys: uppercase letters are taken too. No key
 * Launchday reads has one, so such a member is skipped.
 */
export function wantedMembers(
  payload: string,
  wanted: ReadonlySet<string>
): { keys: string[]; members: string[] } | { error: string } {
  const keys: string[] = [];
  const members: string[] = [];
  const n = payload.length;
  const codes = codesOf(wanted);
  for (let i = 0; ; i++) {
    while (i < n && isSpace(payload.charCodeAt(i))) i++;
    const start = i;
    let keyEnd = start;
    let code = 0; // the key's characters as one number, while short enough to be wanted
    for (let c = payload.charCodeAt(keyEnd); keyEnd < n && isKeyChar(c, keyEnd === start);) {
      if (keyEnd - start < MAX_CODED_CHARS) code = code * 128 + c;
      c = payload.charCodeAt(++keyEnd);
    }
    let quoted = false;
    for (; i < n; i++) {
      const c = payload.charCodeAt(i);
      if (quoted) {
        if (c === 0x5c)
          i++; // backslash escapes the next character
        else if (c === 0x22) quoted = false;
      } else if (c === 0x22) quoted = true;
      else if (c === 0x2c) break; // ,
    }
    if (quoted) return { error: 'unterminated string' };
    let end = Math.min(i, n);
    while (end > start && isSpace(payload.charCodeAt(end - 1))) end--;
    if (end === start) return { error: 'empty dictionary member' };
    const after = keyEnd < end ? payload.charCodeAt(keyEnd) : -1;
    if (keyEnd === start || (after !== -1 && after !== 0x3d && after !== 0x3b)) {
      return { error: `bad key in "${payload.slice(start, Math.min(end, start + 40))}"` };
    }
    // Most keys are not wanted: they are looked up by their code, never cut out of the payload.
    if (keyEnd - start <= MAX_CODED_CHARS && codes.has(code)) {
      const key = payload.slice(start, keyEnd);
      keys.push(key);
      members.push(end - start === keyEnd - start ? key : payload.slice(start, end));
    }
    if (i >= n) return { keys, members };
  }
}

/** Keys up to 4 characters are looked up as a number (every key Launchday reads is shorter). */
const MAX_CODED_CHARS = 4;
const codeCache = new WeakMap<ReadonlySet<string>, Set<number>>();

function codesOf(wanted: ReadonlySet<string>): Set<number> {
  let codes = codeCache.get(wanted);
  if (codes === undefined) {
    codes = new Set();
    for (const key of wanted) {
      if (key.length > MAX_CODED_CHARS) throw new Error(`wanted key "${key}" is longer than ${MAX_CODED_CHARS}`);
      let code = 0;
      for (let i = 0; i < key.length; i++) code = code * 128 + key.charCodeAt(i);
      codes.add(code);
    }
    codeCache.set(wanted, codes);
  }
  return codes;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** a-z, A-Z and `*` anywhere; digits, `_`, `-` and `.` after the first character. */
function isKeyChar(c: number, first: boolean): boolean {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2a) return true;
  return !first && ((c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d || c === 0x2e);
}
