// stats query API: GET /stats, the projection the stats consumer keeps.
import express from 'express';
import type { Tracer } from 'opentracing';
import { errorHandler, health, notFound } from '../../lib/http';
import type { Logger } from '../../lib/logger';
import { traceRequests } from '../../lib/tracing';
import type { Stats } from '../stats-model';

export function createStatsApp(log: Logger, tracer: Tracer, stats: () => Stats) {
  const app = express();
  app.use(traceRequests(tracer));
  app.get('/health', health);

  app.get('/stats', (_req, res) => {
    log.info('stats read');
    res.json(stats());
  });

  app.use(notFound, errorHandler(log));
  return app;
}
