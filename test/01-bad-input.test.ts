// Step 01, both variants: every kind of bad input is a 4xx JSON { error, traceId },
// never a 5xx, and logged as one warn line without a stack trace.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApp as loggingApp } from '../01-http-simple/logging/app';
import { createApp as tracingApp } from '../01-http-simple/tracing/app';
import { assertRejected, listen } from './support/http';
import { memoryLogger } from './support/logs';
import { memoryTracer } from './support/tracing';

const json = (body: string, type = 'application/json') => ({ method: 'POST', headers: { 'content-type': type }, body });

const cases: { what: string; path: string; init?: RequestInit; status: number; error: RegExp }[] = [
  { what: 'malformed JSON', path: '/hello', init: json('{"name": '), status: 400, error: /malformed JSON/ },
  { what: 'missing name', path: '/hello', init: json('{}'), status: 400, error: /name must be a string/ },
  { what: 'name of the wrong type', path: '/hello', init: json('{"name": 42}'), status: 400, error: /name must be a string/ },
  { what: 'JSON that is not an object', path: '/hello', init: json('"Ada"'), status: 400, error: /malformed JSON/ },
  { what: 'empty name', path: '/hello', init: json('{"name": "   "}'), status: 400, error: /must not be empty/ },
  { what: 'name too long', path: `/hello/${'a'.repeat(65)}`, status: 400, error: /at most 64/ },
  { what: 'control characters', path: '/hello/Ada%07', status: 400, error: /control characters/ },
  { what: 'oversized body', path: '/hello', init: json(JSON.stringify({ name: 'x'.repeat(4096) })), status: 413, error: /too large/ },
  { what: 'not JSON', path: '/hello', init: json('name=Ada', 'text/plain'), status: 400, error: /name must be a string/ },
  { what: 'bad percent-encoding', path: '/hello/%E0%A4%A', status: 400, error: /percent-encoding/ },
  { what: 'unknown route', path: '/goodbye/Ada', status: 404, error: /no route for GET \/goodbye\/Ada/ },
  { what: 'unknown method', path: '/hello/Ada', init: { method: 'DELETE' }, status: 404, error: /no route/ },
];

for (const variant of ['logging', 'tracing'] as const) {
  describe(`01 ${variant}: bad input`, () => {
    for (const c of cases) {
      test(`${c.what} -> ${c.status}`, async () => {
        const { logger, lines } = memoryLogger('hello-server');
        const app = variant === 'logging' ? loggingApp(logger) : tracingApp(logger, memoryTracer('hello-server', logger).tracer);
        const server = await listen(app);
        try {
          const res = await fetch(`${server.url}${c.path}`, c.init);
          await assertRejected(res, c.status, c.error, variant);
        } finally {
          await server.close();
        }
        const rejected = lines.filter((l) => l.message.startsWith('rejected'));
        assert.equal(rejected.length, 1);
        assert.equal(rejected[0]?.level, 'warn');
        assert.ok(lines.every((l) => l.stack === undefined && l.level !== 'error'));
      });
    }
  });
}
