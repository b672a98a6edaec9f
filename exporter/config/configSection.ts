import type { z } from 'zod';
import { describeIssues } from './configIssues';

/** What a module's section schema offers (any zod schema whose output is T). */
type SectionSchema<T> = z.ZodType<T, unknown>;

/**
 * A module's own section of the exporter configuration, validated at start: absent reads as `{}` (the
 * defaults); a bad one throws naming each bad key as `name.path: message`.
 */
export function parseConfigSection<T>(name: string, schema: SectionSchema<T>, value: unknown): T {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const detail = describeIssues(schema, parsed.error.issues, [name]).join('; ');
  throw new Error(`invalid ${name} configuration: ${detail}`);
}
