import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { parseConfigSection } from './configSection';

const schema = z.strictObject({ refreshSeconds: z.number().positive().default(30) });

test('an absent section reads as its defaults', () => {
  assert.deepEqual(parseConfigSection('forecast', schema, undefined), { refreshSeconds: 30 });
});

test('a bad section throws naming each bad key under the section', () => {
  assert.throws(
    () => parseConfigSection('forecast', schema, { refreshSeconds: -1, extra: true }),
    /^Error: invalid forecast configuration: forecast\.refreshSeconds: .+; forecast\.extra: unknown key/
  );
});

test('a typo in a nested module key is refused with its full path and the key it meant', () => {
  const nested = z.strictObject({ window: z.strictObject({ lookAhead: z.string().optional() }).optional() });
  assert.throws(
    () => parseConfigSection('calendar', nested, { window: { lookahead: '1d' } }),
    /calendar\.window\.lookahead: unknown key \(did you mean "lookAhead"\?\)/
  );
});
