// lib/logger: documented fields, trace ids inside a span, batches to a Logstash-like receiver.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { withSpan } from '../lib/context';
import { createLogger } from '../lib/logger';
import { memoryLogger, memoryTransport, type LogLine } from './support/logs';
import { memoryTracer, padId } from './support/tracing';
import { until } from './support/wait';

test('a line has @timestamp, level, message and service; trace ids only inside a span', () => {
  const { logger, lines } = memoryLogger('hello-server');
  const { tracer } = memoryTracer('hello-server', memoryLogger('tracer').logger);
  logger.info('outside');
  const span = tracer.startSpan('op');
  withSpan(span, () => logger.info('inside', { name: 'Ada' }));
  const [outside, inside] = lines;
  assert.match(String(outside?.['@timestamp']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.deepEqual(
    { ...outside, '@timestamp': undefined },
    { '@timestamp': undefined, level: 'info', message: 'outside', service: 'hello-server' },
  );
  assert.equal(inside?.trace_id, padId(span.context().toTraceId()));
  assert.equal(inside?.span_id, padId(span.context().toSpanId()));
  assert.equal(inside?.name, 'Ada');
});

test('the active span follows awaits', async () => {
  const { logger, lines } = memoryLogger('svc');
  const { tracer } = memoryTracer('svc', memoryLogger('tracer').logger);
  const span = tracer.startSpan('op');
  await withSpan(span, async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    logger.info('later');
  });
  assert.equal(lines[0]?.trace_id, padId(span.context().toTraceId()));
});

// A loopback stand-in for Logstash's http input: records each POST body.
async function receiver() {
  const batches: { path: string; type: string; body: unknown }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      batches.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body: JSON.parse(body) });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, batches, close: () => new Promise((r) => server.close(r)) };
}


test('lines are shipped to Logstash as one batched JSON array with the documented fields', async (t) => {
  process.env.LOGSTASH_BATCH_INTERVAL_MS = '100';
  const logstash = await receiver();
  t.after(() => (delete process.env.LOGSTASH_BATCH_INTERVAL_MS, logstash.close()));
  const logger = createLogger('hello-server', logstash.url);
  logger.remove(logger.transports[0]!); // keep the test output quiet: drop the console
  const { tracer } = memoryTracer('hello-server', memoryLogger('tracer').logger);
  const span = tracer.startSpan('op');
  withSpan(span, () => {
    logger.info('greeting', { name: 'Ada' });
    logger.warn('rejected', { status: 400 });
  });
  await until(() => logstash.batches.length > 0);
  assert.equal(logstash.batches.length, 1);
  const [batch] = logstash.batches;
  assert.equal(batch?.type, 'application/json');
  const events = batch?.body as Record<string, unknown>[];
  assert.equal(events.length, 2);
  const traceId = padId(span.context().toTraceId());
  assert.deepEqual({ ...events[0], '@timestamp': 'x' }, {
    '@timestamp': 'x',
    level: 'info',
    message: 'greeting',
    service: 'hello-server',
    trace_id: traceId,
    span_id: padId(span.context().toSpanId()),
    name: 'Ada',
  });
  assert.equal(events[1]?.level, 'warn'); // not colourized: plain level names for Kibana
  assert.equal(events[1]?.status, 400);
});

test('with Logstash down the app keeps logging, and says so once', async (t) => {
  process.env.LOGSTASH_BATCH_INTERVAL_MS = '20';
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (message: string) => void warnings.push(message);
  t.after(() => {
    console.warn = original;
    delete process.env.LOGSTASH_BATCH_INTERVAL_MS;
  });
  const down = await receiver();
  await down.close(); // a port nothing listens on any more
  const logger = createLogger('hello-server', down.url);
  const lines: LogLine[] = [];
  logger.remove(logger.transports[0]!); // the console, replaced by memory
  logger.add(memoryTransport(lines));
  for (let i = 0; i < 5; i++) {
    logger.info(`line ${i}`);
    await new Promise((resolve) => setTimeout(resolve, 60));
  }
  assert.deepEqual(lines.map((l) => l.message), ['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /Logstash unreachable at http:\/\/127\.0\.0\.1:\d+ .*console only/);
});
