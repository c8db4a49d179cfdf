// stats query API: GET /stats, the projection the stats consumer keeps.
import express from 'express';
import { errorHandler, health, notFound } from '../../lib/http';
import type { Logger } from '../../lib/logger';
import type { Stats } from '../stats-model';

export function createStatsApp(log: Logger, stats: () => Stats) {
  const app = express();
  app.get('/health', health);

  app.get('/stats', (_req, res) => {
    log.info('stats read');
    res.json(stats());
  });

  app.use(notFound, errorHandler(log));
  return app;
}
