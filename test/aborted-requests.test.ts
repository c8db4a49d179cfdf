// A client that goes away before the answer (a timeout, Ctrl-C) leaves a finished server span,
// marked as an error saying so: that request is the interesting one in the trace. Both the
// middleware step 01 types by hand and lib/tracing.ts's traceRequests.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { afterEach, test } from 'node:test';
import { createApp } from '../01-http-simple/tracing/app';
import { createTranslationApp } from '../02-http-distributed/tracing/translation-app';
import { listen } from './support/http';
import { memoryLogger } from './support/logs';
import { memoryTracer, type FinishedSpan } from './support/tracing';
import { until } from './support/wait';

afterEach(() => {
  delete process.env.TRANSLATION_DELAY_MS;
});

const quiet = () => memoryLogger('tracer').logger;

function assertAborted(span: FinishedSpan | undefined, operation: string): void {
  assert.equal(span?.operationName, operation);
  assert.equal(span?.tags.error, true);
  assert.equal(span?.tags['http.status_code'], undefined, 'no status: nothing was answered');
  const event = span?.logs.find((l) => l.event === 'error');
  assert.equal(event?.message, 'the client went away before the response was sent');
}

// The span of a request the server has, once it is finished.
async function reported(spans: () => FinishedSpan[], ms: number): Promise<FinishedSpan> {
  await until(() => spans().length > 0, ms);
  const [span, ...more] = spans();
  assert.ok(span && more.length === 0, 'one span, reported');
  return span;
}

test('01 (typed by hand): a client that hangs up halfway through its body', async (t) => {
  const { tracer, spans } = memoryTracer('hello-server', quiet());
  const server = await listen(createApp(memoryLogger('hello-server').logger, tracer));
  t.after(server.close);
  const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const arrived = new Promise((resolve) => server.server.once('request', resolve));
  socket.write('POST /hello HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"na');
  await arrived;
  socket.destroy(); // Ctrl-C on the client
  assertAborted(await reported(spans, 2000), 'POST /hello');
});

test('lib/tracing.ts: a client that gives up on a slow translation', async (t) => {
  const delay = 1000;
  process.env.TRANSLATION_DELAY_MS = String(delay);
  const { tracer, spans } = memoryTracer('translation-service', quiet());
  const server = await listen(createTranslationApp(memoryLogger('translation-service').logger, tracer));
  t.after(server.close);
  // Give up once the server has the request. A fixed client timeout could fire before the
  // request even arrives on a busy machine: no span at all, and a red CI run.
  const client = new AbortController();
  server.server.once('request', () => setImmediate(() => client.abort()));
  await assert.rejects(fetch(`${server.url}/greetings/es`, { signal: client.signal }));
  const span = await reported(spans, delay / 2);
  assert.ok(span.duration < delay, 'finished when the client left, not when the answer was ready');
  assertAborted(span, 'GET /greetings/:lang');
});

test('a normal answer is not an abort', async () => {
  const { tracer, spans } = memoryTracer('translation-service', quiet());
  const server = await listen(createTranslationApp(memoryLogger('translation-service').logger, tracer));
  assert.equal((await fetch(`${server.url}/greetings/es`)).status, 200);
  await server.close();
  assert.equal(spans()[0]?.tags.error, undefined);
  assert.equal(spans()[0]?.tags['http.status_code'], 200);
});
