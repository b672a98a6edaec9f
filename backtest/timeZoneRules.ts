import { basename } from 'node:path';
import { assertTimeZone } from './zonedTime';

export interface TimeZoneRule {
  glob: string;
  zone: string;
  pattern: RegExp;
}

const globToRegExp = (glob: string) =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`
  );

/** Parse repeated `--tz GLOB=ZONE` options; an unknown zone is an error here, not a wrong answer later. */
export function parseTimeZoneRules(specs: readonly string[]): TimeZoneRule[] {
  return specs.map((spec) => {
    const eq = spec.lastIndexOf('=');
    const glob = spec.slice(0, eq).trim();
    const zone = spec.slice(eq + 1).trim();
    if (eq <= 0 || !glob || !zone)
      throw new Error(`--tz "${spec}": expected GLOB=ZONE, e.g. 'osrs_*=America/Los_Angeles'`);
    try {
      assertTimeZone(zone);
    } catch {
      throw new Error(`--tz "${spec}": unknown time zone "${zone}"`);
    }
    return { glob, zone, pattern: globToRegExp(glob) };
  });
}

/** The zone for a file: the first rule matching its relative path or its base name; UTC otherwise. */
export function zoneFor(file: string, rules: readonly TimeZoneRule[]): string {
  return rules.find((r) => r.pattern.test(file) || r.pattern.test(basename(file)))?.zone ?? 'UTC';
}
