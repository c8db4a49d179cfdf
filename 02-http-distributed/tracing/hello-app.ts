// hello-service: GET /hello/:name?lang=es greets in the caller's language.
import type { AxiosInstance } from 'axios';
import express from 'express';
import type { Tracer } from 'opentracing';
import { errorHandler, notFound } from '../../lib/http';
import type { Logger } from '../../lib/logger';
import { traceRequests } from '../../lib/tracing';
import { parseName } from '../../lib/validate';
import { parseLang } from '../translations';
import { translate } from './translate';

export function createHelloApp(log: Logger, tracer: Tracer, translations: AxiosInstance) {
  const app = express();
  app.use(traceRequests(tracer));

  app.get('/hello/:name', async (req, res) => {
    const name = parseName(req.params.name);
    const lang = parseLang(req.query.lang);
    log.info('greeting requested', { name, lang });
    const hello = await translate(translations, lang);
    res.json({ greeting: `${hello}, ${name}!` });
  });

  app.use(notFound, errorHandler(log));
  return app;
}
