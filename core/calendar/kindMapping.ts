import { EVENT_KINDS, type EventKind } from './event';

/** Lower-cased CATEGORIES value (or file `kind`) -> kind. A Map, so "constructor" is just a word. */
export type KindMapping = ReadonlyMap<string, EventKind>;

/** Planners' words, on top of the kind names themselves. */
const DEFAULT_WORDS: ReadonlyArray<readonly [string, EventKind]> = [
  ['premiere', 'premiere'],
  ['season premiere', 'premiere'],
  ['drop', 'premiere'],
  ['release', 'premiere'],
  ['launch', 'premiere'],
  ['episode', 'episode'],
  ['weekly', 'episode'],
  ['live', 'live'],
  ['live event', 'live'],
  ['sports', 'live'],
  ['sport', 'live'],
  ['rebroadcast', 'rebroadcast'],
  ['replay', 'rebroadcast'],
  ['rerun', 'rebroadcast'],
  ['encore', 'rebroadcast'],
];

export const DEFAULT_KIND_MAPPING: KindMapping = new Map(DEFAULT_WORDS);

export function isEventKind(value: string): value is EventKind {
  return (EVENT_KINDS as readonly string[]).includes(value);
}

/** Configured words override the defaults; words are compared case-insensitively. */
export function buildKindMapping(overrides: Readonly<Record<string, EventKind>> = {}): KindMapping {
  const mapping = new Map(DEFAULT_WORDS);
  for (const [word, kind] of Object.entries(overrides)) mapping.set(word.trim().toLowerCase(), kind);
  return mapping;
}

/** The first category the mapping knows decides the kind; none known gives `fallback`. */
export function kindFromCategories(
  categories: readonly string[],
  mapping: KindMapping,
  fallback: EventKind
): EventKind {
  for (const category of categories) {
    const kind = mapping.get(category.trim().toLowerCase());
    if (kind) return kind;
  }
  return fallback;
}
