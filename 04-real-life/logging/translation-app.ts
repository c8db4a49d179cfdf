// translation-service, as in step 02: GET /greetings/:lang answers "hello" in that language,
// slow or failing on demand (TRANSLATION_DELAY_MS, TRANSLATION_FAILURE_RATE).
import express from 'express';
import { helloIn, parseLang, simulateTrouble } from '../../02-http-distributed/translations';
import { errorHandler, health, notFound } from '../../lib/http';
import type { Logger } from '../../lib/logger';

export function createTranslationApp(log: Logger) {
  const app = express();
  app.get('/health', health);

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
