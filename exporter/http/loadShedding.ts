import type { Request, RequestHandler } from 'express';

/** Answers 429 with Retry-After while the event loop lags past its budget, so scrapes stay fast. */
export function loadShedding(lagMs: () => number, budgetMs: number, onShed: (req: Request) => void): RequestHandler {
  return (req, res, next) => {
    const lag = lagMs();
    if (lag <= budgetMs) return next();
    onShed(req);
    res
      .status(429)
      .set('Retry-After', '1')
      .json({ error: `overloaded: event-loop lag ${lag.toFixed(0)} ms is over the ${budgetMs} ms budget; retry` });
  };
}
