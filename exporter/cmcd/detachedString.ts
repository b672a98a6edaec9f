/**
 * A copy of `s` that shares no memory with the string it was cut from. V8 makes a substring of 13 or
 * more characters a slice that keeps its whole parent alive: a memo key or a stored `sid` cut from a
 * request body would pin that body (1 MiB of log lines) for as long as the key lives.
 */
export function detachedString(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}
