// customer-service: GET /customers/:id answers the customer's tier.
import express from 'express';
import { errorHandler, health, notFound } from '../../lib/http';
import type { Logger } from '../../lib/logger';
import { parseCustomerId, tierOf } from '../customers';

export function createCustomerApp(log: Logger) {
  const app = express();
  app.get('/health', health);

  app.get('/customers/:id', (req, res) => {
    const id = parseCustomerId(req.params.id);
    const tier = tierOf(id);
    log.info('customer found', { customer: id, tier });
    res.json({ id, tier });
  });

  app.use(notFound, errorHandler(log));
  return app;
}
