import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forecastConfigSchema } from './forecastConfig';

test('the forecast section defaults to the embedded source, publishing, SLOs 99% and 1%', () => {
  const c = forecastConfigSchema.parse({});
  assert.equal(c.source, 'embedded');
  assert.equal(c.publish, true);
  assert.deepEqual(c.slo, { loginSuccess: 0.99, segmentErrors: 0.01 });
});

test('source: prometheus needs prometheus.url, an http(s) URL, and says so', () => {
  const missing = forecastConfigSchema.safeParse({ source: 'prometheus' });
  assert.ok(!missing.success);
  assert.match(
    missing.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join(),
    /prometheus: source: prometheus needs prometheus.url/
  );
  assert.ok(
    !forecastConfigSchema.safeParse({ source: 'prometheus', prometheus: { url: 'file:///etc/passwd' } }).success
  );
  const ok = forecastConfigSchema.parse({ source: 'prometheus', prometheus: { url: 'http://prometheus:9090/' } });
  assert.deepEqual(ok.prometheus, { url: 'http://prometheus:9090/', rateWindowSeconds: 60, timeoutSeconds: 5 });
});

test('unknown keys and out-of-range objectives are refused', () => {
  assert.ok(!forecastConfigSchema.safeParse({ sourse: 'prometheus' }).success);
  assert.ok(!forecastConfigSchema.safeParse({ slo: { loginSuccess: 1.5 } }).success);
  assert.ok(!forecastConfigSchema.safeParse({ prometheus: { url: 'http://p/', extra: 1 } }).success);
});
