import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXPORTER_NODE_FLAGS } from './nodeFlags';

const root = join(__dirname, '..', '..');

test('the exporter ships with its node flags wherever it is started: npm start and the image', () => {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts
    .start;
  const image = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const imageOptions = /^ENV NODE_OPTIONS=(.*)$/m.exec(image)?.[1]?.split(/\s+/) ?? [];
  assert.ok(EXPORTER_NODE_FLAGS.length > 0);
  for (const flag of EXPORTER_NODE_FLAGS) {
    assert.ok(start.split(/\s+/).includes(flag), `npm start lacks ${flag}: ${start}`);
    assert.ok(imageOptions.includes(flag), `the Dockerfile's NODE_OPTIONS lack ${flag}`);
  }
});
