// Step 03, both variants: bad commands and queries are 4xx JSON { error, traceId }, and a
// rejected command appends nothing (the producer below fails the test if it is called).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Producer } from 'kafkajs';
import { createCommandApp as loggingCommand } from '../03-kafka/logging/command-app';
import { createQueryApp as loggingQuery } from '../03-kafka/logging/query-app';
import { createCommandApp as tracingCommand } from '../03-kafka/tracing/command-app';
import { createQueryApp as tracingQuery } from '../03-kafka/tracing/query-app';
import { emptyReadModel } from '../03-kafka/read-model';
import { assertRejected, listen } from './support/http';
import { memoryLogger } from './support/logs';
import { memoryTracer } from './support/tracing';

const json = (body: string, type = 'application/json') => ({ method: 'POST', headers: { 'content-type': type }, body });

const cases: { api: 'command' | 'query'; path: string; init?: RequestInit; status: number; error: RegExp }[] = [
  { api: 'command', path: '/greetings', init: json('{"name": "Ada"'), status: 400, error: /malformed JSON/ },
  { api: 'command', path: '/greetings', init: json('{}'), status: 400, error: /name must be a string/ },
  { api: 'command', path: '/greetings', init: json('{"name": ["Ada"]}'), status: 400, error: /name must be a string/ },
  { api: 'command', path: '/greetings', init: json('{"name": "Ada", "lang": "klingon"}'), status: 400, error: /two-letter/ },
  { api: 'command', path: '/greetings', init: json('["Ada"]'), status: 400, error: /JSON object/ },
  { api: 'command', path: '/greetings', init: json(JSON.stringify({ name: 'x'.repeat(2000) })), status: 413, error: /too large/ },
  { api: 'command', path: '/greetings', init: json('name=Ada', 'text/plain'), status: 400, error: /JSON object/ },
  { api: 'command', path: '/greetings/Ada', init: json('{}'), status: 404, error: /no route/ },
  { api: 'command', path: '/greetings', status: 404, error: /no route for GET/ },
  { api: 'query', path: '/visitors/Nobody', status: 404, error: /no greetings for Nobody yet/ },
  { api: 'query', path: '/visitors/%E0%A4%A', status: 400, error: /percent-encoding/ },
  { api: 'query', path: `/visitors/${'n'.repeat(65)}`, status: 400, error: /at most 64/ },
  { api: 'query', path: '/events', status: 404, error: /no route/ },
];

const noProducer = {
  send: () => assert.fail('a rejected command must not reach Kafka'),
} as unknown as Producer;

for (const variant of ['logging', 'tracing'] as const) {
  describe(`03 ${variant}: bad input`, () => {
    for (const c of cases) {
      test(`${c.api} ${c.init?.method ?? 'GET'} ${c.path.slice(0, 30)} -> ${c.status}`, async () => {
        const { logger, lines } = memoryLogger(`${c.api}-api`);
        const tracer = memoryTracer('svc', memoryLogger('tracer').logger).tracer;
        const app =
          c.api === 'command'
            ? variant === 'logging' ? loggingCommand(logger, noProducer) : tracingCommand(logger, tracer, noProducer)
            : variant === 'logging' ? loggingQuery(logger, emptyReadModel) : tracingQuery(logger, tracer, emptyReadModel);
        const server = await listen(app);
        try {
          const res = await fetch(`${server.url}${c.path}`, c.init);
          await assertRejected(res, c.status, c.error, variant);
        } finally {
          await server.close();
        }
        assert.ok(lines.every((l) => l.stack === undefined && l.level !== 'error'), JSON.stringify(lines));
      });
    }
  });
}
