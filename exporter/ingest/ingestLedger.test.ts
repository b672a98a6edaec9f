import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IngestLedger, ingestSourceOf } from './ingestLedger';

test('each ingestion path has its source; every other route has none', () => {
  assert.equal(ingestSourceOf('/v1/events'), 'events');
  assert.equal(ingestSourceOf('/v1/cmcd'), 'cmcd');
  assert.equal(ingestSourceOf('/v1/cdn-logs/'), 'cdn_logs');
  for (const path of ['/metrics', '/api/v1/calendar', '/preview/', '/v1/constructor', '/v1'])
    assert.equal(ingestSourceOf(path), undefined, path);
});

test('counts are kept per source: the same reason on two paths is two counts', () => {
  const ledger = new IngestLedger();
  ledger.reject('invalid', 2);
  ledger.reject('invalid', 3, 'cmcd');
  ledger.refuseRequest(415, 'cdn_logs');
  ledger.accept('heartbeat', 0, 'cmcd');
  assert.equal(ledger.rejected.get('events', 'invalid'), 2);
  assert.equal(ledger.rejected.get('cmcd', 'invalid'), 3);
  assert.equal(ledger.refusedRequests.get('cdn_logs', '415'), 1);
  assert.equal(ledger.accepted.bySource.size, 0, 'a zero count makes no series');
});
