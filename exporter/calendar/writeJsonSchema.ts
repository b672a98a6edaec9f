/** Regenerates schemas/launchday-calendar.schema.json from the zod schema: `npx tsx exporter/calendar/writeJsonSchema.ts`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calendarFileJsonSchema } from './fileSchema';

export const SCHEMA_PATH = join(__dirname, '../../schemas/launchday-calendar.schema.json');
export const renderJsonSchema = (): string => JSON.stringify(calendarFileJsonSchema(), null, 2) + '\n';

if (require.main === module) {
  writeFileSync(SCHEMA_PATH, renderJsonSchema());
  console.log(`wrote ${SCHEMA_PATH}`);
}
