// command API: POST /greetings { name, lang } appends a GreetingSent event to Kafka.
import express from 'express';
import type { Producer } from 'kafkajs';
import { errorHandler, jsonBody, notFound } from '../../lib/http';
import type { Logger } from '../../lib/logger';
import { append } from '../append';
import { greetingSent, parseCommand } from '../events';

export function createCommandApp(log: Logger, producer: Producer) {
  const app = express();

  app.post('/greetings', jsonBody(), async (req, res) => {
    const { name, lang } = parseCommand(req.body);
    const event = greetingSent(name, lang);
    await append(producer, event);
    log.info('event appended', { eventId: event.eventId, name, lang });
    res.status(202).json({ eventId: event.eventId });
  });

  app.use(notFound, errorHandler(log));
  return app;
}
