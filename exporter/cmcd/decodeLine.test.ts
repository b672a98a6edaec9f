import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SID_CHARS } from './cmcdReport';
import { decodeCmcdLine, MAX_LINE_CHARS } from './decodeLine';

// An interval report as hls.js 1.7.4 sends it (event mode, CMCD v2).
const HLS_JS_REPORT = 'cid="launch-night",e=t,msd=412,sf=h,sid="viewer-1",sn=7,st=v,sta=p,ts=1795364627432,v=2';

test('an hls.js interval report decodes to the keys Launchday reads', () => {
  assert.deepEqual(decodeCmcdLine(HLS_JS_REPORT), {
    report: { cid: 'launch-night', e: 't', sid: 'viewer-1', sta: 'p', v: 2 },
  });
});

test('unknown and custom keys are ignored', () => {
  assert.deepEqual(decodeCmcdLine('sid="a",com.example-x=5,zz="?",sta=r'), { report: { sid: 'a', sta: 'r' } });
});

test('long values are cut to bounded lengths', () => {
  const decoded = decodeCmcdLine(`sid="${'s'.repeat(5000)}",cid="${'c'.repeat(5000)}"`);
  assert.ok('report' in decoded);
  assert.equal(decoded.report.sid?.length, MAX_SID_CHARS);
  assert.ok((decoded.report.cid?.length ?? 0) <= 256);
});

test('a known key with the wrong type fails the line, naming the key', () => {
  assert.deepEqual(decodeCmcdLine('e=rr,rc="504"'), {
    error: 'key "rc": Invalid input: expected number, received string',
  });
});

test('an undecodable line is an error, not an exception', () => {
  const decoded = decodeCmcdLine('sid="unterminated');
  assert.ok('error' in decoded && decoded.error.startsWith('not a CMCD payload'));
});

test('an over-long line is refused before decoding', () => {
  assert.deepEqual(decodeCmcdLine('x'.repeat(MAX_LINE_CHARS + 1)), {
    error: `line longer than ${MAX_LINE_CHARS} characters`,
  });
});
