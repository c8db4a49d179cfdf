// lib/tracer: configuration from the JAEGER_* env variables with the demo's defaults.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initTracer, tracerConfig } from '../lib/tracer';
import { memoryLogger } from './support/logs';

test('defaults: every trace sampled, agent on IPv4 loopback, spans printed', () => {
  assert.deepEqual(tracerConfig('hello-server', {}), {
    serviceName: 'hello-server',
    sampler: { type: 'const', param: 1 },
    reporter: { agentHost: '127.0.0.1', logSpans: true },
  });
});

test('JAEGER_* variables win over the defaults', () => {
  const config = tracerConfig('hello-server', {
    JAEGER_SAMPLER_TYPE: 'probabilistic',
    JAEGER_AGENT_HOST: 'jaeger',
    JAEGER_REPORTER_LOG_SPANS: 'false',
  });
  assert.equal(config.sampler, undefined); // left to jaeger-client, which reads the env
  assert.deepEqual(config.reporter, { logSpans: false }); // "false" means false here
  assert.deepEqual(tracerConfig('x', { JAEGER_ENDPOINT: 'http://c:14268/api/traces' }).reporter, { logSpans: true });
});

test('the tracer samples every span by default and names the service', (t) => {
  t.after(() => tracer.close());
  const { logger } = memoryLogger('svc');
  const tracer = initTracer('hello-server', logger);
  const span = tracer.startSpan('op');
  assert.equal((span.context() as unknown as { isSampled(): boolean }).isSampled(), true);
  assert.equal((span as unknown as { serviceName: string }).serviceName, 'hello-server');
  span.finish();
});

test('JAEGER_SAMPLER_TYPE/PARAM from the environment are honoured', (t) => {
  process.env.JAEGER_SAMPLER_TYPE = 'const';
  process.env.JAEGER_SAMPLER_PARAM = '0';
  t.after(() => {
    delete process.env.JAEGER_SAMPLER_TYPE;
    delete process.env.JAEGER_SAMPLER_PARAM;
    tracer.close();
  });
  const tracer = initTracer('hello-server', memoryLogger('svc').logger);
  const span = tracer.startSpan('op');
  assert.equal((span.context() as unknown as { isSampled(): boolean }).isSampled(), false);
});

test('sender errors are logged once as a warning, not per flush', async (t) => {
  process.env.JAEGER_AGENT_HOST = 'no-such-host.invalid';
  process.env.JAEGER_REPORTER_FLUSH_INTERVAL = '50';
  process.env.JAEGER_REPORTER_LOG_SPANS = 'false';
  t.after(() => {
    delete process.env.JAEGER_AGENT_HOST;
    delete process.env.JAEGER_REPORTER_FLUSH_INTERVAL;
    delete process.env.JAEGER_REPORTER_LOG_SPANS;
  });
  const { logger, lines } = memoryLogger('svc');
  const tracer = initTracer('hello-server', logger);
  for (let i = 0; i < 5; i++) {
    tracer.startSpan(`op-${i}`).finish();
    await new Promise((resolve) => setTimeout(resolve, 120));
  }
  await new Promise<void>((resolve) => tracer.close(() => resolve()));
  const warnings = lines.filter((l) => l.level === 'warn');
  assert.equal(warnings.length, 1, JSON.stringify(lines));
  assert.match(warnings[0]!.message, /^tracing: .*no-such-host\.invalid.*spans are dropped/);
});
