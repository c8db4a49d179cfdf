// edge, the public API: POST /greetings { customer, name, lang } looks the customer up,
// translates, appends a GreetingOrdered event to Kafka and answers 202.
import type { AxiosInstance } from 'axios';
import express from 'express';
import type { Producer } from 'kafkajs';
import { translate } from '../../02-http-distributed/logging/translate';
import { errorHandler, health, jsonBody, notFound } from '../../lib/http';
import { appendEvent } from '../../lib/kafka';
import type { Logger } from '../../lib/logger';
import { greetingOrdered, parseOrder } from '../orders';
import { ORDERS_TOPIC } from '../topics';
import { lookupCustomer } from './lookup-customer';

export function createEdgeApp(log: Logger, customers: AxiosInstance, translations: AxiosInstance, producer: Producer) {
  const app = express();
  app.get('/health', health);

  app.post('/greetings', jsonBody(), async (req, res) => {
    const order = parseOrder(req.body);
    const tier = await lookupCustomer(customers, order.customer);
    const hello = await translate(translations, order.lang);
    const event = greetingOrdered(order, `${hello}, ${order.name}!`);
    await appendEvent(producer, ORDERS_TOPIC, event);
    log.info('order accepted', { customer: order.customer, tier, lang: order.lang, eventId: event.eventId });
    res.status(202).json({ eventId: event.eventId, greeting: event.data.greeting });
  });

  app.use(notFound, errorHandler(log));
  return app;
}
