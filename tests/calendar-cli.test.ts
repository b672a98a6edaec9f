import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateCalendar, type ValidateOptions } from '../exporter/cli/calendar';

const root = join(__dirname, '..');
const options: ValidateOptions = { timeZone: 'UTC', defaultKind: 'episode', kind: [] };

async function run(target: string, over: Partial<ValidateOptions> = {}) {
  let out = '';
  let err = '';
  const code = await validateCalendar(
    target,
    { ...options, ...over },
    {
      out: (t) => void (out += t),
      err: (t) => void (err += t),
      now: () => Date.parse('2025-01-10T12:00:00Z'),
    }
  );
  return { code, out, err };
}

test('validate prints the events with local and UTC times and exits 0', async () => {
  const r = await run(join(root, 'provisioning/calendar/seed-incidents.ics'));
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /2017-07-17 03:00\s+Europe\/Paris\s+2017-07-17 01:00Z/);
  assert.match(r.out, /2020-04-03 09:00\s+Europe\/Paris\s+2020-04-03 07:00Z .* premiere\s+La Casa de Papel/);
  assert.match(r.out, /WWE Raw/);
  assert.match(r.out, /refresh interval stated by the calendar: 3600 s/);
});

test('validate lists every error with file, line and field and exits 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'launchday-cli-'));
  const file = join(dir, 'bad.yaml');
  writeFileSync(
    file,
    'events:\n  - {id: a, title: A, kind: live, start: "2025-02-30T10:00"}\n  - {id: b, title: B, kind: gala, start: "2025-02-01T10:00"}\n'
  );
  try {
    const r = await run(file);
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.match(r.err, new RegExp(`${file}:3 events\\[1\\]\\.kind: `));
    const second = await run(file.replace('bad', 'absent'));
    assert.equal(second.code, 1);
    assert.match(second.err, /file not found/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('validate reads a URL and names it by its host and file, never its secret path', async () => {
  let status = 200;
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'text/calendar' });
    res.end(
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u\r\nSUMMARY:Remote\r\nDTSTART:20250111T200000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/private-abc123/basic.ics`;
  try {
    const ok = await run(url);
    assert.equal(ok.code, 0);
    assert.match(ok.out, /Remote/);
    status = 404;
    const failed = await run(url);
    assert.equal(failed.code, 1);
    const port = (server.address() as AddressInfo).port;
    assert.ok(failed.err.startsWith(`http://127.0.0.1:${port}/…/basic.ics: HTTP 404`), failed.err);
    assert.ok(!(ok.out + ok.err + failed.out + failed.err).includes('private-abc123'));
  } finally {
    server.close();
  }
});

test('the commander wiring: `calendar validate` sets the exit code and prints', () => {
  const script = [
    "const { Command } = require('commander');",
    "const { registerCalendarCommand } = require('./exporter/cli/calendar.ts');",
    "const program = new Command('launchday');",
    'registerCalendarCommand(program);',
    "program.parseAsync(process.argv.slice(1), { from: 'user' });",
  ].join('\n');
  const good = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      script,
      'calendar',
      'validate',
      'tests/fixtures/calendar/apple-drops.ics',
      '--until',
      '2024-07-01T00:00:00Z',
      '--kind',
      'Rerun=episode',
    ],
    { cwd: root, encoding: 'utf8' }
  );
  assert.equal(good.status, 0, good.stderr);
  assert.match(good.stdout, /episode\s+Weekend rerun block/);
  const bad = spawnSync(
    process.execPath,
    ['--import', 'tsx', '-e', script, 'calendar', 'validate', 'tests/fixtures/calendar/absent.ics'],
    { cwd: root, encoding: 'utf8' }
  );
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /absent\.ics: file not found/);
});
