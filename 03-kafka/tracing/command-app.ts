// command API: POST /greetings { name, lang } appends a GreetingSent event to Kafka.
import express from 'express';
import type { Producer } from 'kafkajs';
import { FORMAT_TEXT_MAP, type Tracer } from 'opentracing';
import { errorHandler, jsonBody, notFound } from '../../lib/http';
import { producerTags } from '../../lib/kafka-tracing';
import type { Logger } from '../../lib/logger';
import { inSpan, traceRequests } from '../../lib/tracing';
import { append } from '../append';
import { greetingSent, parseCommand } from '../events';
import { EVENTS_TOPIC } from '../topics';

export function createCommandApp(log: Logger, tracer: Tracer, producer: Producer) {
  const app = express();
  app.use(traceRequests(tracer));

  app.post('/greetings', jsonBody(), async (req, res) => {
    const { name, lang } = parseCommand(req.body);
    const event = greetingSent(name, lang);
    await inSpan(tracer, `To_${EVENTS_TOPIC}`, async (span) => {
      const headers: Record<string, string> = {};
      tracer.inject(span, FORMAT_TEXT_MAP, headers); // the span context rides in the message headers
      await append(producer, event, headers);
    }, producerTags(EVENTS_TOPIC));
    log.info('event appended', { eventId: event.eventId, name, lang });
    res.status(202).json({ eventId: event.eventId });
  });

  app.use(notFound, errorHandler(log));
  return app;
}
