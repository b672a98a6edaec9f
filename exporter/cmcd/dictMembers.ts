/**
 * Splits a CMCD payload (an RFC 8941 dictionary) into its members, so that only the members Launchday
 * reads are handed to the decoder. Commas inside strings do not split; the decoding itself, values and
 * all, stays with @svta/cml-cmcd. Returns an error for an unterminated string or an empty member.
 */
export function dictMembers(payload: string): { members: string[] } | { error: string } {
  const members: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= payload.length; i++) {
    const c = i === payload.length ? 0x2c : payload.charCodeAt(i);
    if (quoted) {
      if (c === 0x5c)
        i++; // backslash escapes the next character
      else if (c === 0x22) quoted = false;
    } else if (c === 0x22) quoted = true;
    else if (c === 0x2c) {
      const member = trimSpaces(payload.slice(start, i));
      if (member === '') return { error: 'empty dictionary member' };
      members.push(member);
      start = i + 1;
    }
  }
  return quoted ? { error: 'unterminated string' } : { members };
}

/** RFC 8941 allows spaces (and tabs) around members; trims only when there are any. */
function trimSpaces(member: string): string {
  const first = member.charCodeAt(0);
  const last = member.charCodeAt(member.length - 1);
  return first === 0x20 || first === 0x09 || last === 0x20 || last === 0x09 ? member.trim() : member;
}

/**
 * A member's key (before `=` or `;`), or undefined when it is not a key. RFC 8941 keys are lowercase,
 * but CTA-5004's own custom-key example is `com.example-myNumericKey`, and players send such keys:
 * uppercase letters are taken too. No key Launchday reads has one, so such a member is skipped.
 */
export function memberKey(member: string): string | undefined {
  let end = 0;
  for (; end < member.length; end++) {
    const c = member.charCodeAt(end);
    if (c === 0x3d || c === 0x3b) break; // = ;
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
    const star = c === 0x2a;
    if (
      end === 0
        ? !(letter || star)
        : !(letter || star || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d || c === 0x2e)
    )
      return undefined;
  }
  return end === 0 ? undefined : member.slice(0, end);
}
