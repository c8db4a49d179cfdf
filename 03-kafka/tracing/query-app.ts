// query API: the read model the projector builds, over HTTP.
import express from 'express';
import type { Tracer } from 'opentracing';
import { errorHandler, HttpError, notFound } from '../../lib/http';
import type { Logger } from '../../lib/logger';
import { traceRequests } from '../../lib/tracing';
import { parseName } from '../../lib/validate';
import { totalGreetings, type ReadModel } from '../read-model';

export function createQueryApp(log: Logger, tracer: Tracer, readModel: () => ReadModel) {
  const app = express();
  app.use(traceRequests(tracer));

  app.get('/visitors', (_req, res) => {
    const model = readModel();
    res.json({ greetings: totalGreetings(model), visitors: model.visitors });
  });

  app.get('/visitors/:name', (req, res) => {
    const name = parseName(req.params.name);
    const visitor = readModel().visitors[name];
    if (!visitor) throw new HttpError(404, `no greetings for ${name} yet`);
    log.info('visitor read', { name });
    res.json({ name, ...visitor });
  });

  app.use(notFound, errorHandler(log));
  return app;
}
