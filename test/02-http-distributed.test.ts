// Step 02 in process: hello-client -> hello-service -> translation-service on loopback ports,
// each with its own in-memory tracer and logger, as three processes would have.
import axios from 'axios';
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { createHelloApp as loggingHelloApp } from '../02-http-distributed/logging/hello-app';
import { sayHello as loggingSayHello } from '../02-http-distributed/logging/say-hello';
import { createTranslationApp as loggingTranslationApp } from '../02-http-distributed/logging/translation-app';
import { createHelloApp } from '../02-http-distributed/tracing/hello-app';
import { sayHello } from '../02-http-distributed/tracing/say-hello';
import { createTranslationApp } from '../02-http-distributed/tracing/translation-app';
import { traceAxios } from '../lib/tracing';
import { listen } from './support/http';
import { memoryLogger } from './support/logs';
import { assertTags, memoryTracer, padId, type FinishedSpan } from './support/tracing';

afterEach(() => {
  delete process.env.TRANSLATION_FAILURE_RATE;
  delete process.env.TRANSLATION_DELAY_MS;
});

/** The three services of the tracing variant, wired like the step's entry files do. */
async function tracedStep({ translationTimeout = 2000 } = {}) {
  const logs = { client: memoryLogger('hello-client'), hello: memoryLogger('hello-service'), translation: memoryLogger('translation-service') };
  const quiet = memoryLogger('tracer').logger;
  const tracers = { client: memoryTracer('hello-client', quiet), hello: memoryTracer('hello-service', quiet), translation: memoryTracer('translation-service', quiet) };
  const translation = await listen(createTranslationApp(logs.translation.logger, tracers.translation.tracer));
  const translations = traceAxios(axios.create({ baseURL: translation.url, timeout: translationTimeout }), tracers.hello.tracer, 'translation-service');
  const hello = await listen(createHelloApp(logs.hello.logger, tracers.hello.tracer, translations));
  const http = traceAxios(axios.create({ baseURL: hello.url }), tracers.client.tracer, 'hello-service');
  return {
    logs,
    hello,
    translation,
    call: (name: string, lang: string) => sayHello(http, logs.client.logger, tracers.client.tracer, name, lang),
    /** Stops both servers (so every server span is finished) and returns all spans by name. */
    async spans() {
      await hello.close();
      await translation.close();
      const all = [...tracers.client.spans(), ...tracers.hello.spans(), ...tracers.translation.spans()];
      const one = (service: 'client' | 'hello' | 'translation', operation: string): FinishedSpan => {
        const found = { client: tracers.client, hello: tracers.hello, translation: tracers.translation }[service]
          .spans()
          .filter((s) => s.operationName === operation);
        assert.equal(found.length, 1, `one ${service} ${operation} span`);
        return found[0]!;
      };
      return { all, one };
    },
  };
}

describe('02 tracing: one trace across three services', () => {
  test('client -> hello-service -> translation-service is one chain of five spans', async () => {
    const step = await tracedStep();
    assert.equal(await step.call('Ada', 'es'), 'Hola, Ada!');
    const { all, one } = await step.spans();
    const chain = [
      one('client', 'say-hello'),
      one('client', 'GET /hello/:name'),
      one('hello', 'GET /hello/:name'),
      one('hello', 'GET /greetings/:lang'),
      one('translation', 'GET /greetings/:lang'),
    ];
    assert.equal(all.length, 5);
    assert.equal(chain[0]!.parentId, undefined);
    for (let i = 1; i < chain.length; i++) {
      assert.equal(chain[i]!.traceId, chain[0]!.traceId);
      assert.equal(chain[i]!.parentId, chain[i - 1]!.spanId, `${chain[i]!.operationName} is a child of ${chain[i - 1]!.operationName}`);
    }
    assertTags(chain[1], { 'span.kind': 'client', 'peer.service': 'hello-service', 'http.method': 'GET', 'http.status_code': 200 });
    assert.equal(chain[1]!.tags['http.url'], `${step.hello.url}/hello/Ada?lang=es`);
    assertTags(chain[2], { 'span.kind': 'server', 'http.url': '/hello/Ada?lang=es', 'http.status_code': 200 });
    assertTags(chain[3], { 'span.kind': 'client', 'peer.service': 'translation-service', component: 'axios', 'http.status_code': 200 });
    assert.equal(chain[3]!.tags['http.url'], `${step.translation.url}/greetings/es`);
    assertTags(chain[4], { 'span.kind': 'server', component: 'express', 'http.url': '/greetings/es', 'http.status_code': 200 });
    for (const span of chain) assert.equal(span.tags.error, undefined);
  });

  test("the log lines of all three services carry the trace id", async () => {
    const step = await tracedStep();
    await step.call('Grace', 'fr');
    const { one } = await step.spans();
    const traceId = padId(one('client', 'say-hello').traceId);
    const lines = {
      client: step.logs.client.lines.find((l) => l.message === 'greeting received'),
      hello: step.logs.hello.lines.find((l) => l.message === 'greeting requested'),
      translation: step.logs.translation.lines.find((l) => l.message === 'translated'),
    };
    assert.equal(lines.client?.trace_id, traceId);
    assert.equal(lines.client?.jaeger, `http://127.0.0.1:16686/trace/${traceId}`);
    assert.equal(lines.hello?.trace_id, traceId);
    assert.equal(lines.hello?.span_id, padId(one('hello', 'GET /hello/:name').spanId));
    assert.equal(lines.translation?.trace_id, traceId);
    assert.equal(lines.translation?.span_id, padId(one('translation', 'GET /greetings/:lang').spanId));
  });

  test('a failing translation is an error on every span of the path and a clean 502 for the client', async () => {
    process.env.TRANSLATION_FAILURE_RATE = '1';
    const step = await tracedStep();
    await assert.rejects(step.call('Linus', 'de'), (err: { response?: { status: number; data: { error: string; traceId: string } } }) => {
      assert.equal(err.response?.status, 502);
      assert.match(err.response!.data.error, /^translation-service failed: translation backend failed/);
      return true;
    });
    const { one } = await step.spans();
    assertTags(one('translation', 'GET /greetings/:lang'), { error: true, 'http.status_code': 500 });
    assertTags(one('hello', 'GET /greetings/:lang'), { error: true, 'http.status_code': 500 });
    assertTags(one('hello', 'GET /hello/:name'), { error: true, 'http.status_code': 502 });
    assertTags(one('client', 'GET /hello/:name'), { error: true, 'http.status_code': 502 });
    assertTags(one('client', 'say-hello'), { error: true });
    const event = one('translation', 'GET /greetings/:lang').logs.find((l) => l.event === 'error');
    assert.match(String(event?.stack), /at simulateTrouble/);
    assert.equal(event?.['error.object'], 'Error: translation backend failed (TRANSLATION_FAILURE_RATE is set)');
  });

  test('an unsupported language is a 400 for the client, not an error of hello-service', async () => {
    const step = await tracedStep();
    await assert.rejects(step.call('Ada', 'xx'), (err: { response?: { status: number; data: { error: string } } }) => {
      assert.equal(err.response?.status, 400);
      assert.match(err.response!.data.error, /unsupported language "xx"/);
      return true;
    });
    const { one } = await step.spans();
    assertTags(one('translation', 'GET /greetings/:lang'), { 'http.status_code': 404, error: undefined });
    assertTags(one('hello', 'GET /hello/:name'), { 'http.status_code': 400, error: undefined });
  });

  test('a slow translation shows as a long translation span; past the timeout it is a 504', async () => {
    process.env.TRANSLATION_DELAY_MS = '150';
    const slow = await tracedStep();
    await slow.call('Ada', 'it');
    const spans = await slow.spans();
    assert.ok(spans.one('translation', 'GET /greetings/:lang').duration >= 145);
    assert.ok(spans.one('hello', 'GET /greetings/:lang').duration >= 145);

    const timingOut = await tracedStep({ translationTimeout: 50 });
    await assert.rejects(timingOut.call('Ada', 'it'), (err: { response?: { status: number; data: { error: string } } }) => {
      assert.equal(err.response?.status, 504);
      assert.equal(err.response!.data.error, 'translation-service did not answer in time');
      return true;
    });
    const { one } = await timingOut.spans();
    assertTags(one('hello', 'GET /greetings/:lang'), { error: true });
  });

  test('translation-service down: hello-service answers 502 and says so', async () => {
    const step = await tracedStep();
    await step.translation.close();
    await assert.rejects(step.call('Ada', 'es'), (err: { response?: { status: number; data: { error: string } } }) => {
      assert.equal(err.response?.status, 502);
      assert.match(err.response!.data.error, /^translation-service is not reachable \(ECONNREFUSED\)/);
      return true;
    });
    await step.hello.close();
  });
});

describe('02 logging: the same path without tracing', () => {
  test('greets through both services and sends no trace headers', async () => {
    const seen: string[] = [];
    const logs = { client: memoryLogger('hello-client'), hello: memoryLogger('hello-service'), translation: memoryLogger('translation-service') };
    const translationApp = loggingTranslationApp(logs.translation.logger);
    translationApp.set('etag', false);
    const translation = await listen(translationApp);
    const translations = axios.create({ baseURL: translation.url });
    translations.interceptors.request.use((c) => (seen.push(...Object.keys(c.headers)), c));
    const hello = await listen(loggingHelloApp(logs.hello.logger, translations));
    try {
      assert.equal(await loggingSayHello(axios.create({ baseURL: hello.url }), logs.client.logger, 'Ada', 'pt'), 'Olá, Ada!');
    } finally {
      await hello.close();
      await translation.close();
    }
    assert.ok(!seen.some((h) => h.toLowerCase().startsWith('uber')));
    for (const { lines } of Object.values(logs)) {
      assert.ok(lines.length > 0);
      assert.ok(lines.every((l) => l.trace_id === undefined));
    }
  });
});
