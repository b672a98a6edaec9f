import { Router } from 'express';
import type { MetricsExposition } from '../metrics/exposition';

/** `GET /metrics`: text format 0.0.4, or OpenMetrics when the scraper's Accept asks for it. */
export function metricsRoute(exposition: MetricsExposition): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    const { contentType, body } = await exposition.render(req.get('accept'));
    res.set('Content-Type', contentType).send(body);
  });
  return router;
}
