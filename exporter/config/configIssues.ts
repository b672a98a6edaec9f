import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** The zod definition fields we walk to find the keys an object at a path accepts. */
interface Def {
  type?: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  innerType?: { _zod: { def: Def } };
  element?: { _zod: { def: Def } };
  in?: { _zod: { def: Def } };
  options?: { _zod: { def: Def } }[];
}

function objectDefsAt(def: Def, path: Path): Def[] {
  const inner = def.innerType ?? def.in;
  if (inner) return objectDefsAt(inner._zod.def, path);
  if (def.options) return def.options.flatMap((o) => objectDefsAt(o._zod.def, path));
  if (path.length === 0) return def.shape ? [def] : [];
  const [head, ...rest] = path;
  if (def.element && typeof head === 'number') return objectDefsAt(def.element._zod.def, rest);
  const child = def.shape?.[String(head)];
  return child ? objectDefsAt(child._zod.def, rest) : [];
}

/** Edit distance, to suggest `tokens` for `token` and `cdn` for `cdns`. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(
        above + 1,
        (row[j - 1] ?? 0) + 1,
        diagonal + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1)
      );
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

function unknownKey(key: string, known: string[]): string {
  const near = known.filter((k) => distance(key, k) <= (k.length <= 3 ? 1 : 2));
  if (near.length) return `unknown key (did you mean ${near.map((k) => `"${k}"`).join(' or ')}?)`;
  return known.length ? `unknown key (known: ${known.join(', ')})` : 'unknown key';
}

/**
 * Zod issues as `path: message` lines a person can act on: an unknown key is named with its full
 * path and the nearest known key; a union (a calendar source is a file, a URL or the demo) reports
 * the branch that came closest instead of "Invalid input".
 */
export function describeIssues(
  schema: { _zod: { def: unknown } },
  issues: readonly Issue[],
  prefix: Path = []
): string[] {
  const root = schema._zod.def as Def;
  const where = (path: Path): string => [...prefix, ...path].map(String).join('.') || '(root)';
  return issues.flatMap((issue): string[] => {
    if (issue.code === 'unrecognized_keys') {
      const known = [...new Set(objectDefsAt(root, issue.path).flatMap((d) => Object.keys(d.shape ?? {})))];
      return issue.keys.map((key) => `${where([...issue.path, key])}: ${unknownKey(key, known)}`);
    }
    if (issue.code === 'invalid_union' && issue.errors.length) {
      // The branch with the fewest problems, counting each unknown key as one.
      const weight = (branch: readonly Issue[]): number =>
        branch.reduce((n, i) => n + (i.code === 'unrecognized_keys' ? i.keys.length : 1), 0);
      const closest = [...issue.errors].sort((a, b) => weight(a) - weight(b))[0] ?? [];
      return describeIssues(
        schema,
        closest.map((i) => ({ ...i, path: [...issue.path, ...i.path] })),
        prefix
      );
    }
    return [`${where(issue.path)}: ${issue.message}`];
  });
}
