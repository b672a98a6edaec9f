import { z } from 'zod';
import { telemetryEventSchema } from './eventSchema';

/** The ingestion schema as JSON Schema, generated from the zod schema so the two cannot drift. */
export function ingestJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://launchday.dev/schemas/ingest-v1.json',
    title: 'Launchday telemetry event, v1',
    ...z.toJSONSchema(telemetryEventSchema, { io: 'input' }),
  };
}
