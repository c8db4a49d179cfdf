// edge, the public API: POST /greetings { customer, name, lang } looks the customer up,
// translates, appends a GreetingOrdered event to Kafka and answers 202.
import type { AxiosInstance } from 'axios';
import express from 'express';
import type { Producer } from 'kafkajs';
import type { Tracer } from 'opentracing';
import { translate } from '../../02-http-distributed/tracing/translate';
import { activeSpan } from '../../lib/context';
import { errorHandler, health, jsonBody, notFound } from '../../lib/http';
import { appendEvent } from '../../lib/kafka';
import { injectHeaders, producerTags } from '../../lib/kafka-tracing';
import type { Logger } from '../../lib/logger';
import { inSpan, traceRequests } from '../../lib/tracing';
import { greetingOrdered, parseOrder } from '../orders';
import { ORDERS_TOPIC } from '../topics';
import { lookupCustomer } from './lookup-customer';

export function createEdgeApp(log: Logger, tracer: Tracer, customers: AxiosInstance, translations: AxiosInstance, producer: Producer) {
  const app = express();
  app.use(traceRequests(tracer));
  app.get('/health', health);

  app.post('/greetings', jsonBody(), async (req, res) => {
    const order = parseOrder(req.body);
    const span = activeSpan()!;
    span.setTag('customer.id', order.customer);
    span.setTag('greeting.lang', order.lang);
    const tier = await lookupCustomer(customers, order.customer);
    span.setTag('customer.tier', tier);
    // Baggage rides along with every call and message from here on, to the last consumer.
    span.setBaggageItem('customer-tier', tier);
    const hello = await translate(translations, order.lang);
    const event = greetingOrdered(order, `${hello}, ${order.name}!`);
    await inSpan(tracer, `To_${ORDERS_TOPIC}`, (toSpan) => appendEvent(producer, ORDERS_TOPIC, event, injectHeaders(tracer, toSpan)), producerTags(ORDERS_TOPIC));
    log.info('order accepted', { customer: order.customer, tier, lang: order.lang, eventId: event.eventId });
    res.status(202).json({ eventId: event.eventId, greeting: event.data.greeting });
  });

  app.use(notFound, errorHandler(log));
  return app;
}
