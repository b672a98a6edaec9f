import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Requires `Authorization: Bearer <token>` when tokens are configured. Compares digests in constant
 * time, and checks every token so the timing says nothing about which one nearly matched.
 */
export function bearerAuth(tokens: readonly string[], onRefused: (req: Request) => void): RequestHandler {
  const expected = tokens.map(digest);
  return (req, res, next) => {
    if (expected.length === 0) return next();
    const header = req.get('authorization') ?? '';
    const presented = digest(header.startsWith('Bearer ') ? header.slice(7) : '');
    let ok = false;
    for (const token of expected) ok = timingSafeEqual(token, presented) || ok;
    if (ok) return next();
    onRefused(req);
    res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'missing or invalid ingestion token' });
  };
}
