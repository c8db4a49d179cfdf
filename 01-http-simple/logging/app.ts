// hello-server: GET /hello/:name and POST /hello { "name": ... } answer a greeting.
import express from 'express';
import { errorHandler, jsonBody, notFound } from '../../lib/http';
import type { Logger } from '../../lib/logger';
import { greet, parseName } from '../greeting';

export function createApp(log: Logger) {
  const app = express();

  app.get('/hello/:name', (req, res) => {
    const name = parseName(req.params.name);
    log.info('greeting', { name });
    res.json({ greeting: greet(name) });
  });

  app.post('/hello', jsonBody(), (req, res) => {
    const name = parseName(req.body?.name);
    log.info('greeting', { name });
    res.json({ greeting: greet(name) });
  });

  app.use(notFound, errorHandler(log));
  return app;
}
