import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNginxCmcdLine } from './nginxCmcdLine';

test('a query-argument line gives status, time, path and the decoded CMCD payload', () => {
  const line =
    '1795364627.432 504 GET "127.0.0.1" "/hls/seg012.ts" "cid%3D%22launch-night%22%2Cot%3Dv%2Csid%3D%22viewer-3%22%2Csta%3Dp" "-" "-" "-" "-"';
  assert.deepEqual(parseNginxCmcdLine(line), {
    request: {
      at: 1795364627432,
      status: 504,
      host: '127.0.0.1',
      path: '/hls/seg012.ts',
      cmcd: 'cid="launch-night",ot=v,sid="viewer-3",sta=p',
    },
  });
});

test('header shards, escaped by nginx as \\x22, join into one payload', () => {
  const line = '1795364627.432 200 GET "cdn.example" "/a.ts" "-" "ot=v" "-" "bs" "cid=\\x22t\\x22,sid=\\x22s\\x22"';
  const parsed = parseNginxCmcdLine(line);
  assert.ok('request' in parsed);
  assert.equal(parsed.request.cmcd, 'ot=v,bs,cid="t",sid="s"');
});

test('a log_format with escape=json (quotes as \\", backslashes as \\\\) splits and decodes the same', () => {
  const line =
    '1795364627.432 200 GET "cdn.example" "/live/caf\u00e9 seg.m4s" "-" "ot=v" "-" "bs" "cid=\\"t \\\\ 1\\",sid=\\"s\\""';
  const parsed = parseNginxCmcdLine(line);
  assert.ok('request' in parsed, JSON.stringify(parsed));
  assert.equal(parsed.request.cmcd, 'ot=v,bs,cid="t \\ 1",sid="s"');
  assert.equal(parsed.request.path, '/live/café seg.m4s');
  const control = parseNginxCmcdLine('1795364627.432 200 GET "h" "/a\\u0009b" "-" "-" "-" "-" "sid=\\"s\\""');
  assert.ok('request' in control);
  assert.equal(control.request.path, '/a\tb');
});

test('default escaping: a run of \\xHH is one UTF-8 character, and a decoded backslash starts no escape', () => {
  const line = '1795364627.432 200 GET "h" "/caf\\xC3\\xA9\\x5Cn" "-" "-" "-" "-" "sid=\\x22s\\x22"';
  const parsed = parseNginxCmcdLine(line);
  assert.ok('request' in parsed);
  assert.equal(parsed.request.path, '/café\\n');
  assert.equal(parsed.request.cmcd, 'sid="s"');
});

test('a line without CMCD has an empty payload; the four header fields are optional', () => {
  const parsed = parseNginxCmcdLine('1795364627.432 200 GET "h" "/player.html" "-"');
  assert.ok('request' in parsed);
  assert.equal(parsed.request.cmcd, '');
});

test('lines in another format are errors that say what is wrong', () => {
  assert.deepEqual(parseNginxCmcdLine('127.0.0.1 - - [22/Nov/2026:16:00:00 +0000] "GET / HTTP/1.1" 200 5'), {
    error: 'time "127.0.0.1" is not nginx\'s $msec',
  });
  assert.deepEqual(parseNginxCmcdLine('1795364627.432 ok GET "h" "/" "-"'), {
    error: 'status "ok" is not an HTTP status',
  });
  assert.match(JSON.stringify(parseNginxCmcdLine('1795364627.432 200')), /expected at least 6 fields/);
  assert.deepEqual(parseNginxCmcdLine('1795364627.432 200 GET "h" "/" "%E0%A4%A"'), {
    error: 'the CMCD query argument is not valid percent-encoding',
  });
});
