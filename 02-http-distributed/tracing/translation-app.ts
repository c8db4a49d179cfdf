// translation-service: GET /greetings/:lang answers "hello" in that language.
import express from 'express';
import type { Tracer } from 'opentracing';
import { errorHandler, notFound } from '../../lib/http';
import type { Logger } from '../../lib/logger';
import { traceRequests } from '../../lib/tracing';
import { helloIn, parseLang, simulateTrouble } from '../translations';

export function createTranslationApp(log: Logger, tracer: Tracer) {
  const app = express();
  app.use(traceRequests(tracer));

  app.get('/greetings/:lang', async (req, res) => {
    const lang = parseLang(req.params.lang);
    await simulateTrouble();
    const greeting = helloIn(lang);
    log.info('translated', { lang, greeting });
    res.json({ lang, greeting });
  });

  app.use(notFound, errorHandler(log));
  return app;
}
