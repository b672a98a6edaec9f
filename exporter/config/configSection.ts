/** What a module's section schema offers (a zod schema, kept structural so any section's schema fits). */
interface SectionSchema<T> {
  safeParse(
    value: unknown
  ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

/**
 * A module's own section of the exporter configuration, validated at start: absent reads as `{}` (the
 * defaults); a bad one throws naming each bad key as `name.path: message`.
 */
export function parseConfigSection<T>(name: string, schema: SectionSchema<T>, value: unknown): T {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const where = (path: PropertyKey[]) => [name, ...path.map(String)].join('.');
  const detail = parsed.error.issues.map((i) => `${where(i.path)}: ${i.message}`).join('; ');
  throw new Error(`invalid ${name} configuration: ${detail}`);
}
