// Regenerates docs/ingest-v1.schema.json from the zod schema: `npx tsx scripts/writeIngestSchema.ts`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestJsonSchema } from '../exporter/ingest/jsonSchema';

writeFileSync(
  join(__dirname, '..', 'docs', 'ingest-v1.schema.json'),
  JSON.stringify(ingestJsonSchema(), null, 2) + '\n'
);
