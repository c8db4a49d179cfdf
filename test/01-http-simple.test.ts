// Step 01 in process: real express and real axios over loopback, spans in memory.
import axios from 'axios';
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createApp as loggingApp } from '../01-http-simple/logging/app';
import { sayHello as loggingSayHello } from '../01-http-simple/logging/say-hello';
import { createApp as tracingApp } from '../01-http-simple/tracing/app';
import { sayHello as tracingSayHello } from '../01-http-simple/tracing/say-hello';
import { closeTracer } from '../lib/tracer';
import { listen } from './support/http';
import { memoryLogger } from './support/logs';
import { assertTags, memoryTracer, padId } from './support/tracing';

afterEach(() => {
  delete process.env.HELLO_FAILURE_RATE;
});

describe('01 tracing: hello-client -> hello-server', () => {
  let server: Awaited<ReturnType<typeof listen>>;
  const serverLogs = memoryLogger('hello-server');
  const clientLogs = memoryLogger('hello-client');
  const serverTracing = memoryTracer('hello-server', serverLogs.logger);
  const clientTracing = memoryTracer('hello-client', clientLogs.logger);

  beforeEach(async () => {
    server = await listen(tracingApp(serverLogs.logger, serverTracing.tracer));
    for (const t of [serverTracing, clientTracing]) t.clear();
    serverLogs.lines.length = clientLogs.lines.length = 0;
  });
  afterEach(() => server.close());

  const call = (name: string) =>
    tracingSayHello(axios.create({ baseURL: server.url }), clientLogs.logger, clientTracing.tracer, name);

  test('the server span is a child of the client span, with standard tags', async () => {
    assert.equal(await call('Ada'), 'Hello, Ada!');
    await server.close(); // the server span finishes when the response has been sent
    const [client] = clientTracing.spans();
    const [srv] = serverTracing.spans();
    assert.ok(client && srv);
    assert.equal(client.operationName, 'say-hello');
    assert.equal(srv.operationName, 'GET /hello/:name');
    assert.equal(srv.traceId, client.traceId);
    assert.equal(srv.parentId, client.spanId);
    assert.equal(client.parentId, undefined);
    assertTags(client, {
      'span.kind': 'client',
      component: 'axios',
      'http.method': 'GET',
      'http.url': `${server.url}/hello/Ada`,
      'http.status_code': 200,
    });
    assertTags(srv, {
      'span.kind': 'server',
      component: 'express',
      'http.method': 'GET',
      'http.url': '/hello/Ada',
      'http.status_code': 200,
      error: undefined,
    });
  });

  test("both processes' log lines carry the trace id and their own span id", async () => {
    await call('Grace');
    await server.close();
    const [client] = clientTracing.spans();
    const [srv] = serverTracing.spans();
    const greeting = serverLogs.lines.find((l) => l.message === 'greeting');
    const received = clientLogs.lines.find((l) => l.message === 'greeting received');
    assert.equal(greeting?.trace_id, padId(client!.traceId));
    assert.equal(greeting?.span_id, padId(srv!.spanId));
    assert.equal(greeting?.name, 'Grace');
    assert.equal(received?.trace_id, padId(client!.traceId));
    assert.equal(received?.span_id, padId(client!.spanId));
  });

  test('a failing greeting is an error span on both sides and a clean 500 for the caller', async () => {
    process.env.HELLO_FAILURE_RATE = '1';
    await assert.rejects(call('Linus'), (err: { response?: { status: number; data: unknown } }) => {
      assert.equal(err.response?.status, 500);
      assert.deepEqual(Object.keys(err.response?.data as object), ['error', 'traceId']);
      return true;
    });
    await server.close();
    const [client] = clientTracing.spans();
    const [srv] = serverTracing.spans();
    assert.equal(srv?.tags.error, true);
    assert.equal(srv?.tags['http.status_code'], 500);
    const event = srv?.logs.find((l) => l.event === 'error');
    assert.match(String(event?.message), /greeting for Linus failed/);
    assert.match(String(event?.stack), /at greet/);
    assert.equal(client?.tags.error, true);
    assert.equal(client?.tags['http.status_code'], 500);
    const failure = serverLogs.lines.find((l) => l.level === 'error');
    assert.equal(failure?.trace_id, padId(client!.traceId));
  });

  test('a request without trace headers starts a new trace on the server', async () => {
    const res = await fetch(`${server.url}/hello/Ada`);
    assert.equal(res.status, 200);
    await server.close();
    const [srv] = serverTracing.spans();
    assert.equal(srv?.parentId, undefined);
  });

  test('closeTracer resolves (flush on exit)', async () => {
    const { tracer } = memoryTracer('closing', serverLogs.logger);
    await closeTracer(tracer);
  });
});

describe('01 logging: hello-client -> hello-server', () => {
  test('greets, logs without trace ids, and sends no tracing headers', async () => {
    const serverLogs = memoryLogger('hello-server');
    const clientLogs = memoryLogger('hello-client');
    const server = await listen(loggingApp(serverLogs.logger));
    const http = axios.create({ baseURL: server.url });
    const sent: Record<string, unknown>[] = [];
    http.interceptors.request.use((config) => (sent.push({ ...config.headers }), config));
    try {
      assert.equal(await loggingSayHello(http, clientLogs.logger, 'Ada'), 'Hello, Ada!');
    } finally {
      await server.close();
    }
    assert.equal(sent.length, 1);
    assert.ok(!Object.keys(sent[0]!).some((h) => h.toLowerCase().startsWith('uber')));
    const greeting = serverLogs.lines.find((l) => l.message === 'greeting');
    assert.equal(greeting?.name, 'Ada');
    assert.equal(greeting?.trace_id, undefined);
    assert.equal(clientLogs.lines[0]?.trace_id, undefined);
  });

  test('a failing greeting is a clean 500 with the message logged once with its stack', async () => {
    process.env.HELLO_FAILURE_RATE = '1';
    const { logger, lines } = memoryLogger('hello-server');
    const server = await listen(loggingApp(logger));
    try {
      const res = await fetch(`${server.url}/hello/Ada`);
      assert.equal(res.status, 500);
      assert.deepEqual(await res.json(), { error: 'greeting for Ada failed (HELLO_FAILURE_RATE is set)', traceId: null });
    } finally {
      await server.close();
    }
    assert.equal(lines.filter((l) => l.level === 'error').length, 1);
    assert.match(String(lines.find((l) => l.level === 'error')?.stack), /at greet/);
  });
});
