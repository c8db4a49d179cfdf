// Step 02, both variants: bad input on every endpoint is a 4xx JSON { error, traceId }.
import axios from 'axios';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createHelloApp as loggingHello } from '../02-http-distributed/logging/hello-app';
import { createTranslationApp as loggingTranslation } from '../02-http-distributed/logging/translation-app';
import { createHelloApp as tracingHello } from '../02-http-distributed/tracing/hello-app';
import { createTranslationApp as tracingTranslation } from '../02-http-distributed/tracing/translation-app';
import { assertRejected, listen } from './support/http';
import { memoryLogger } from './support/logs';
import { memoryTracer } from './support/tracing';

const cases: { service: 'hello' | 'translation'; path: string; init?: RequestInit; status: number; error: RegExp }[] = [
  { service: 'hello', path: '/hello/Ada?lang=ESP', status: 400, error: /two-letter code/ },
  { service: 'hello', path: '/hello/Ada?lang=es&lang=fr', status: 400, error: /two-letter code/ },
  { service: 'hello', path: '/hello/Ada?lang=xx', status: 400, error: /unsupported language "xx"/ },
  { service: 'hello', path: `/hello/${'n'.repeat(65)}`, status: 400, error: /at most 64/ },
  { service: 'hello', path: '/hello/%20', status: 400, error: /must not be empty/ },
  { service: 'hello', path: '/hello/%E0%A4%A', status: 400, error: /percent-encoding/ },
  { service: 'hello', path: '/hello', status: 404, error: /no route/ },
  { service: 'hello', path: '/hello/Ada', init: { method: 'POST', body: '{' }, status: 404, error: /no route/ },
  { service: 'translation', path: '/greetings/EN', status: 400, error: /two-letter code/ },
  { service: 'translation', path: '/greetings/xx', status: 404, error: /unsupported language/ },
  { service: 'translation', path: '/greetings/%E0%A4%A', status: 400, error: /percent-encoding/ },
  { service: 'translation', path: '/translate', status: 404, error: /no route/ },
];

for (const variant of ['logging', 'tracing'] as const) {
  describe(`02 ${variant}: bad input`, () => {
    for (const c of cases) {
      test(`${c.service} ${c.init?.method ?? 'GET'} ${c.path.slice(0, 40)} -> ${c.status}`, async () => {
        const hello = memoryLogger('hello-service');
        const translation = memoryLogger('translation-service');
        const tracer = (name: string) => memoryTracer(name, memoryLogger('tracer').logger).tracer;
        const translationServer = await listen(
          variant === 'logging' ? loggingTranslation(translation.logger) : tracingTranslation(translation.logger, tracer('translation-service')),
        );
        const translations = axios.create({ baseURL: translationServer.url });
        const helloServer = await listen(
          variant === 'logging' ? loggingHello(hello.logger, translations) : tracingHello(hello.logger, tracer('hello-service'), translations),
        );
        try {
          const url = c.service === 'hello' ? helloServer.url : translationServer.url;
          const res = await fetch(`${url}${c.path}`, c.init);
          await assertRejected(res, c.status, c.error, variant);
        } finally {
          await helloServer.close();
          await translationServer.close();
        }
        for (const { lines } of [hello, translation]) {
          assert.ok(lines.every((l) => l.stack === undefined && l.level !== 'error'), JSON.stringify(lines));
        }
      });
    }
  });
}
