import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLocatedError } from './locatedError';
import { redactSecrets } from './redact';

test('known secrets and any URL are replaced', () => {
  const out = redactSecrets(
    'GET https://calendar.google.com/calendar/ical/x/private-abc/basic.ics failed; token s3cr3t-token',
    ['s3cr3t-token']
  );
  assert.equal(out, 'GET <redacted-url> failed; token <redacted>');
});

test('plain messages pass unchanged', () => {
  assert.equal(redactSecrets('HTTP 503 Service Unavailable'), 'HTTP 503 Service Unavailable');
});

test('a located error reads file:line field: message', () => {
  assert.equal(
    formatLocatedError({ source: 'a.ics', line: 12, field: 'DTSTART', message: 'bad' }),
    'a.ics:12 DTSTART: bad'
  );
  assert.equal(formatLocatedError({ source: 'google', message: 'HTTP 500' }), 'google: HTTP 500');
});
