import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load';

const yamlFile = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'launchday-config-')), 'launchday.yaml');
  writeFileSync(path, text);
  return path;
};

test('defaults apply with no file: TTL is three heartbeat intervals', () => {
  const config = loadConfig(undefined, {}, {});
  assert.equal(config.listen, '127.0.0.1:9464');
  assert.equal(config.sessionTtlSeconds, 30);
  assert.equal(config.ingest.bodyLimitBytes, 1024 * 1024);
});

test('flags win over the environment, which wins over the file', () => {
  const path = yamlFile('listen: 0.0.0.0:1\nheartbeatIntervalSeconds: 5\n');
  assert.equal(loadConfig(path, {}, {}).listen, '0.0.0.0:1');
  assert.equal(loadConfig(path, {}, { LAUNCHDAY_LISTEN: '127.0.0.1:2' }).listen, '127.0.0.1:2');
  assert.equal(loadConfig(path, { listen: '127.0.0.1:3' }, { LAUNCHDAY_LISTEN: '127.0.0.1:2' }).listen, '127.0.0.1:3');
  assert.equal(loadConfig(path, {}, {}).sessionTtlSeconds, 15);
});

test('ingestion tokens come from the environment', () => {
  const config = loadConfig(undefined, {}, { LAUNCHDAY_INGEST_TOKENS: 'token-number-one-xx, token-number-two-xx' });
  assert.deepEqual(config.ingest.tokens, ['token-number-one-xx', 'token-number-two-xx']);
});

test('a bad field is a clear error naming the file and the field', () => {
  const path = yamlFile('maxSessions: -4\n');
  assert.throws(
    () => loadConfig(path, {}, {}),
    (err: Error) => err instanceof ConfigError && /maxSessions/.test(err.message) && err.message.includes(path)
  );
});

test('an unknown key is refused, so typos do not pass silently', () => {
  const path = yamlFile('maxSesions: 4\n');
  assert.throws(() => loadConfig(path, {}, {}), /maxSesions/);
});

test('invalid YAML and a missing file are clear errors', () => {
  assert.throws(() => loadConfig(yamlFile('a: [1,'), {}, {}), /invalid YAML/);
  assert.throws(() => loadConfig('/nonexistent/launchday.yaml', {}, {}), /cannot read configuration/);
});

test('the single-token name the clients use protects ingestion too', () => {
  const config = loadConfig(undefined, {}, { LAUNCHDAY_INGEST_TOKEN: 'the-one-ingestion-token' });
  assert.deepEqual(config.ingest.tokens, ['the-one-ingestion-token']);
});

test('a typo in a nested section is refused, never read as its default (ingestion stays closed)', () => {
  assert.throws(
    () => loadConfig(yamlFile('ingest:\n  token: [a-long-enough-ingestion-token]\n'), {}, {}),
    /ingest\.token: unknown key \(did you mean "tokens"\?\)/
  );
  assert.throws(() => loadConfig(yamlFile('allow:\n  cdns: [akamai]\n'), {}, {}), /allow\.cdns: .*"cdn"/);
  assert.throws(() => loadConfig(yamlFile('server:\n  maxConection: 10\n'), {}, {}), /server\.maxConection/);
});

test('a module section typo is refused by the module with the key it meant', async () => {
  const { parseConfigSection } = await import('./configSection');
  const { calendarConfigSchema } = await import('../calendar/config');
  const { cmcdConfigSchema } = await import('../cmcd/config');
  const { forecastConfigSchema } = await import('../modules/forecastConfig');
  assert.throws(
    () => parseConfigSection('calendar', calendarConfigSchema, { sources: [{ name: 'f1', fiel: 'f1.ics' }] }),
    /calendar\.sources\.0\.fiel: unknown key \(did you mean "file"\?\)/
  );
  assert.throws(
    () => parseConfigSection('cmcd', cmcdConfigSchema, { allowOrigin: [] }),
    /cmcd\.allowOrigin: unknown key/
  );
  assert.throws(
    () => parseConfigSection('forecast', forecastConfigSchema, { refreshSecond: 5 }),
    /forecast\.refreshSecond: unknown key \(did you mean "refreshSeconds"\?\)/
  );
});

test('a listen port past 65535 is refused at load', () => {
  assert.throws(() => loadConfig(undefined, { listen: '127.0.0.1:99999' }, {}), /listen: the port must be 1-65535/);
});
