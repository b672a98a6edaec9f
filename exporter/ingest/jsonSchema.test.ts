import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestJsonSchema } from './jsonSchema';

test('the documented JSON Schema is the one the exporter validates with', () => {
  const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'ingest-v1.schema.json'), 'utf8'));
  assert.deepEqual(committed, ingestJsonSchema(), 'run: npx tsx scripts/writeIngestSchema.ts');
});
