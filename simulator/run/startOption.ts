import { parseDuration } from '../../core/calendar/duration';

/** Reads `--start`: `now`, `now+10m`, `now-1h30m`, or an ISO 8601 instant with an offset. */
export function parseStart(text: string, now: number): number {
  const trimmed = text.trim();
  const relative = /^now(?:([+-])(.+))?$/.exec(trimmed);
  if (relative) {
    if (!relative[1]) return now;
    const ms = parseDuration(relative[2] ?? '');
    if (ms === undefined)
      throw new Error(`--start: not a duration after "now${relative[1]}": "${relative[2]}" (e.g. now+10m)`);
    return relative[1] === '+' ? now + ms : now - ms;
  }
  const ms = /[zZ]|[+-]\d\d:?\d\d$/.test(trimmed) ? Date.parse(trimmed) : NaN;
  if (Number.isNaN(ms))
    throw new Error(`--start: expected now, now+10m or an ISO instant with an offset, got "${text}"`);
  return ms;
}
