import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SID_CHARS } from './cmcdReport';
import { decodeCmcdLine, MAX_LINE_CHARS } from './decodeLine';

// An interval report as hls.js 1.7.4 sends it (event mode, CMCD v2).
const HLS_JS_REPORT = 'cid="launch-night",e=t,msd=412,sf=h,sid="viewer-1",sn=7,st=v,sta=p,ts=1795364627432,v=2';

test('an hls.js interval report decodes to the keys Launchday reads', () => {
  assert.deepEqual(decodeCmcdLine(HLS_JS_REPORT), {
    report: { cid: 'launch-night', e: 't', sid: 'viewer-1', sta: 'p', ts: 1795364627432, v: 2 },
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

test('commas inside strings do not split members', () => {
  assert.deepEqual(decodeCmcdLine('url="/a,b.ts",sid="s,1",e=rr,rc=200'), {
    report: { url: '/a,b.ts', sid: 's,1', e: 'rr', rc: 200 },
  });
});

test('a bad key fails the line; the value of a key Launchday does not read is not decoded', () => {
  assert.match(JSON.stringify(decodeCmcdLine('sid="a",1bad=1')), /bad key/);
  assert.match(JSON.stringify(decodeCmcdLine('sid="a",b@d=1')), /bad key/);
  assert.match(JSON.stringify(decodeCmcdLine('sid="a",,sta=p')), /empty dictionary member/);
  assert.deepEqual(decodeCmcdLine('sid="a",com.example-x=((,sta=p'), { report: { sid: 'a', sta: 'p' } });
});

test('repeated members decode the same from memory as the first time', () => {
  const first = decodeCmcdLine('cid="t",e=t,sid="a",sta=p,v=2');
  const again = decodeCmcdLine('cid="t",e=t,sid="b",sta=p,v=2');
  assert.deepEqual(first, { report: { cid: 't', e: 't', sid: 'a', sta: 'p', v: 2 } });
  assert.deepEqual(again, { report: { cid: 't', e: 't', sid: 'b', sta: 'p', v: 2 } });
});
