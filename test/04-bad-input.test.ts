// Step 04, both variants: bad orders and queries are 4xx JSON { error, traceId }, nothing
// reaches Kafka (the producer below fails the test if it is called), and no server crashes.
import axios from 'axios';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Producer } from 'kafkajs';
import { createCustomerApp as loggingCustomers } from '../04-real-life/logging/customer-app';
import { createEdgeApp as loggingEdge } from '../04-real-life/logging/edge-app';
import { createStatsApp as loggingStats } from '../04-real-life/logging/stats-app';
import { createTranslationApp as loggingTranslations } from '../04-real-life/logging/translation-app';
import { emptyStats } from '../04-real-life/stats-model';
import { createCustomerApp as tracingCustomers } from '../04-real-life/tracing/customer-app';
import { createEdgeApp as tracingEdge } from '../04-real-life/tracing/edge-app';
import { createStatsApp as tracingStats } from '../04-real-life/tracing/stats-app';
import { createTranslationApp as tracingTranslations } from '../04-real-life/tracing/translation-app';
import { assertRejected, listen } from './support/http';
import { memoryLogger } from './support/logs';
import { memoryTracer } from './support/tracing';

const json = (body: string, type = 'application/json') => ({ method: 'POST', headers: { 'content-type': type }, body });
const order = (o: Record<string, unknown>) => json(JSON.stringify(o));

type Api = 'edge' | 'customers' | 'translations' | 'stats';
const cases: { api: Api; path: string; init?: RequestInit; status: number; error: RegExp }[] = [
  { api: 'edge', path: '/greetings', init: json('{"customer": "ada"'), status: 400, error: /malformed JSON/ },
  { api: 'edge', path: '/greetings', init: order({ name: 'Charles' }), status: 400, error: /customer must be an id/ },
  { api: 'edge', path: '/greetings', init: order({ customer: 42, name: 'Charles' }), status: 400, error: /customer must be an id/ },
  { api: 'edge', path: '/greetings', init: order({ customer: '../admin', name: 'Charles' }), status: 400, error: /customer must be an id/ },
  { api: 'edge', path: '/greetings', init: order({ customer: 'ada' }), status: 400, error: /name must be a string/ },
  { api: 'edge', path: '/greetings', init: order({ customer: 'ada', name: 'Charles', lang: 'klingon' }), status: 400, error: /two-letter/ },
  { api: 'edge', path: '/greetings', init: order({ customer: 'zoe', name: 'Charles' }), status: 400, error: /unknown customer "zoe"/ },
  { api: 'edge', path: '/greetings', init: order({ customer: 'ada', name: 'Charles', lang: 'xx' }), status: 400, error: /unsupported language "xx"/ },
  { api: 'edge', path: '/greetings', init: json('["ada"]'), status: 400, error: /JSON object/ },
  { api: 'edge', path: '/greetings', init: order({ customer: 'ada', name: 'x'.repeat(2000) }), status: 413, error: /too large/ },
  { api: 'edge', path: '/greetings', init: json('customer=ada', 'text/plain'), status: 400, error: /JSON object/ },
  { api: 'edge', path: '/greetings', status: 404, error: /no route for GET/ },
  { api: 'customers', path: '/customers/zoe', status: 404, error: /unknown customer "zoe"/ },
  { api: 'customers', path: '/customers/ADA', status: 400, error: /customer must be an id/ },
  { api: 'customers', path: '/customers/%E0%A4%A', status: 400, error: /percent-encoding/ },
  { api: 'translations', path: '/greetings/xx', status: 404, error: /unsupported language/ },
  { api: 'stats', path: '/stats/ada', status: 404, error: /no route/ },
];

const noProducer = { send: () => assert.fail('a rejected order must not reach Kafka') } as unknown as Producer;

for (const variant of ['logging', 'tracing'] as const) {
  describe(`04 ${variant}: bad input`, () => {
    for (const c of cases) {
      test(`${c.api} ${c.init?.method ?? 'GET'} ${c.path.slice(0, 30)} ${String(c.init?.body ?? '').slice(0, 40)} -> ${c.status}`, async () => {
        const { logger, lines } = memoryLogger(c.api);
        const tracer = memoryTracer(c.api, memoryLogger('tracer').logger).tracer;
        const tracing = variant === 'tracing';
        // The edge calls the real customer and translation services.
        const customers = await listen(tracing ? tracingCustomers(logger, tracer) : loggingCustomers(logger));
        const translations = await listen(tracing ? tracingTranslations(logger, tracer) : loggingTranslations(logger));
        const [c1, c2] = [axios.create({ baseURL: customers.url }), axios.create({ baseURL: translations.url })];
        const apps = {
          edge: () => (tracing ? tracingEdge(logger, tracer, c1, c2, noProducer) : loggingEdge(logger, c1, c2, noProducer)),
          customers: () => (tracing ? tracingCustomers(logger, tracer) : loggingCustomers(logger)),
          translations: () => (tracing ? tracingTranslations(logger, tracer) : loggingTranslations(logger)),
          stats: () => (tracing ? tracingStats(logger, tracer, emptyStats) : loggingStats(logger, emptyStats)),
        };
        const server = await listen(apps[c.api]());
        try {
          const res = await fetch(`${server.url}${c.path}`, c.init);
          await assertRejected(res, c.status, c.error, variant);
        } finally {
          await Promise.all([server.close(), customers.close(), translations.close()]);
        }
        assert.ok(lines.every((l) => l.stack === undefined && l.level !== 'error'), JSON.stringify(lines));
      });
    }

    test('GET /health answers on every server', async () => {
      const { logger } = memoryLogger('health');
      const tracer = memoryTracer('health', memoryLogger('tracer').logger).tracer;
      const http = axios.create();
      for (const app of variant === 'tracing' ? [tracingEdge(logger, tracer, http, http, noProducer), tracingCustomers(logger, tracer), tracingTranslations(logger, tracer), tracingStats(logger, tracer, emptyStats)] : [loggingEdge(logger, http, http, noProducer), loggingCustomers(logger), loggingTranslations(logger), loggingStats(logger, emptyStats)]) {
        const server = await listen(app);
        const res = await fetch(`${server.url}/health`);
        await server.close();
        assert.deepEqual([res.status, await res.json()], [200, { status: 'ok' }]);
      }
    });
  });
}
