import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Request, Response } from 'express';
import pino from 'pino';
import { errorHandler } from './errorHandler';

/** Runs the handler on one error for one path; returns the refusals it counted and the answer. */
function handle(path: string, err: { status?: number; type?: string; message?: string }) {
  const refused: string[] = [];
  const answer: { status?: number; body?: unknown } = {};
  const res = {
    headersSent: false,
    status(code: number) {
      answer.status = code;
      return this;
    },
    json(body: unknown) {
      answer.body = body;
      return this;
    },
  } as unknown as Response;
  const handler = errorHandler(pino({ level: 'silent' }), (status, source) => refused.push(`${source} ${status}`));
  handler(err, { path } as Request, res, () => undefined);
  return { refused, answer };
}

test("an ingestion route's refusal is counted under its source", () => {
  assert.deepEqual(handle('/v1/events', { status: 413, type: 'entity.too.large' }).refused, ['events 413']);
  assert.deepEqual(handle('/v1/cmcd', { status: 400 }).refused, ['cmcd 400']);
  assert.deepEqual(handle('/v1/cdn-logs', { status: 413 }).refused, ['cdn_logs 413']);
});

test('errors of other routes (metrics, calendar API, preview) are answered but not counted as ingestion', () => {
  for (const path of ['/metrics', '/api/v1/calendar/events', '/preview/index.html']) {
    const { refused, answer } = handle(path, { status: 400, message: 'bad query' });
    assert.deepEqual(refused, [], path);
    assert.deepEqual(answer, { status: 400, body: { error: 'bad query' } });
  }
});
