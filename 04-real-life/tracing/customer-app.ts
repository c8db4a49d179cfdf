// customer-service: GET /customers/:id answers the customer's tier.
import express from 'express';
import type { Tracer } from 'opentracing';
import { activeSpan } from '../../lib/context';
import { errorHandler, health, notFound } from '../../lib/http';
import type { Logger } from '../../lib/logger';
import { traceRequests } from '../../lib/tracing';
import { parseCustomerId, tierOf } from '../customers';

export function createCustomerApp(log: Logger, tracer: Tracer) {
  const app = express();
  app.use(traceRequests(tracer));
  app.get('/health', health);

  app.get('/customers/:id', (req, res) => {
    const id = parseCustomerId(req.params.id);
    activeSpan()?.setTag('customer.id', id);
    const tier = tierOf(id);
    activeSpan()?.setTag('customer.tier', tier);
    log.info('customer found', { customer: id, tier });
    res.json({ id, tier });
  });

  app.use(notFound, errorHandler(log));
  return app;
}
