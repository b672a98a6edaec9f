import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Requires `Authorization: Bearer <token>` when tokens are configured. Compares digests in constant
 * time, and checks every token so the timing says nothing about which one nearly matched.
 */
export function bearerAuth(tokens: readonly string[], onRefused: (req: Request) => void): RequestHandler {
  const allowed = tokenCheck(tokens);
  return (req, res, next) => {
    if (allowed(req.get('authorization'))) return next();
    onRefused(req);
    res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'missing or invalid ingestion token' });
  };
}

/** Whether an Authorization header passes (always, with no tokens configured): shared with the ingest fast path. */
export function tokenCheck(tokens: readonly string[]): (header: string | undefined) => boolean {
  const expected = tokens.map(digest);
  return (header = '') => {
    if (expected.length === 0) return true;
    const presented = digest(header.startsWith('Bearer ') ? header.slice(7) : '');
    let ok = false;
    for (const token of expected) ok = timingSafeEqual(token, presented) || ok;
    return ok;
  };
}
