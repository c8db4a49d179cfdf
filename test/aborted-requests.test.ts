// A client that goes away before the answer (a timeout, Ctrl-C) leaves a finished server span,
// marked as an error saying so: that request is the interesting one in the trace. Both the
// middleware step 01 types by hand and lib/tracing.ts's traceRequests.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, test } from 'node:test';
import { createApp } from '../01-http-simple/tracing/app';
import { createTranslationApp } from '../02-http-distributed/tracing/translation-app';
import { listen } from './support/http';
import { memoryLogger } from './support/logs';
import { memoryTracer, type FinishedSpan } from './support/tracing';

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

test('01 (typed by hand): a client that hangs up halfway through its body', async () => {
  const { tracer, spans } = memoryTracer('hello-server', quiet());
  const server = await listen(createApp(memoryLogger('hello-server').logger, tracer));
  const { port } = new URL(server.url);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write('POST /hello HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"na');
  await sleep(100);
  socket.destroy(); // Ctrl-C on the client
  await sleep(100);
  await server.close();
  assert.equal(spans().length, 1, 'the span is reported');
  assertAborted(spans()[0], 'POST /hello');
});

test('lib/tracing.ts: a client that gives up on a slow translation', async () => {
  process.env.TRANSLATION_DELAY_MS = '300';
  const { tracer, spans } = memoryTracer('translation-service', quiet());
  const server = await listen(createTranslationApp(memoryLogger('translation-service').logger, tracer));
  await assert.rejects(fetch(`${server.url}/greetings/es`, { signal: AbortSignal.timeout(50) }));
  await sleep(100);
  assert.equal(spans().length, 1, 'finished when the client left, not when the answer was ready');
  assertAborted(spans()[0], 'GET /greetings/:lang');
  await server.close();
});

test('a normal answer is not an abort', async () => {
  const { tracer, spans } = memoryTracer('translation-service', quiet());
  const server = await listen(createTranslationApp(memoryLogger('translation-service').logger, tracer));
  assert.equal((await fetch(`${server.url}/greetings/es`)).status, 200);
  await server.close();
  assert.equal(spans()[0]?.tags.error, undefined);
  assert.equal(spans()[0]?.tags['http.status_code'], 200);
});
