// TRACING_SDK=opentelemetry, in process: the OpenTelemetry SDK behind OpenTracing's API
// (lib/opentelemetry.ts). Spans are read from a recording exporter; the real OTLP path to
// Jaeger is in test/e2e/opentelemetry.e2e.test.ts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { afterEach, describe, test } from 'node:test';
import { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { KafkaMessage } from 'kafkajs';
import { FORMAT_HTTP_HEADERS, FORMAT_TEXT_MAP, followsFrom, childOf, type Span } from 'opentracing';
import { traceMessage } from '../03-kafka/tracing/trace-message';
import { deliver } from '../04-real-life/tracing/deliver';
import { remoteSampler } from '../04-real-life/sampling';
import { greetingOrdered } from '../04-real-life/orders';
import { activeSpan, traceFields, withSpan } from '../lib/context';
import { ConfigError } from '../lib/env';
import { injectHeaders, traceMessages } from '../lib/kafka-tracing';
import { TracerShim } from '@opentelemetry/shim-opentracing';
import { initOpenTelemetryTracer } from '../lib/opentelemetry';
import { closeTracer, initTracer, openTelemetrySettings, otlpTracesUrl, type JaegerTracer } from '../lib/tracer';
import { inSpan, recordError } from '../lib/tracing';
import { memoryLogger } from './support/logs';
import { memoryTracer } from './support/tracing';

const VARIABLES = [
  'TRACING_SDK',
  'OTEL_FOLLOWS_FROM',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TIMEOUT',
  'JAEGER_SAMPLER_TYPE',
  'JAEGER_SAMPLER_PARAM',
  'JAEGER_REPORTER_FLUSH_INTERVAL',
  'JAEGER_REPORTER_LOG_SPANS',
  'DELIVERY_DELAY_MS',
];
afterEach(() => {
  for (const name of VARIABLES) delete process.env[name];
});

/** Keeps every exported span (unlike InMemorySpanExporter, also after shutdown); fails when told to. */
function recordingExporter(fail?: Error) {
  const spans: ReadableSpan[] = [];
  let calls = 0;
  const exporter: SpanExporter = {
    export(batch, done: (result: ExportResult) => void) {
      calls++;
      if (fail) return done({ code: ExportResultCode.FAILED, error: fail });
      spans.push(...batch);
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: async () => {},
  };
  return { exporter, spans, calls: () => calls };
}

/** An OpenTelemetry tracer writing to a recording exporter; spans() flushes first. */
function otel(service: string, env: Record<string, string> = {}) {
  Object.assign(process.env, { JAEGER_REPORTER_LOG_SPANS: 'false', ...env });
  const { logger, lines } = memoryLogger(service);
  const recording = recordingExporter();
  const tracer = initOpenTelemetryTracer(service, logger, openTelemetrySettings(), { exporter: recording.exporter });
  return {
    tracer,
    logger,
    lines,
    spans: async () => {
      await tracer.flush();
      return recording.spans;
    },
    one: async (name: string) => {
      await tracer.flush();
      const found = recording.spans.filter((s) => s.name === name);
      assert.equal(found.length, 1, `one "${name}" span in ${recording.spans.map((s) => s.name).join(', ')}`);
      return found[0]!;
    },
  };
}

const ids = (span: Span) => ({ traceId: span.context().toTraceId(), spanId: span.context().toSpanId() });

describe('TRACING_SDK picks the SDK behind OpenTracing', () => {
  test('opentelemetry: the shim, 32-digit trace ids, and log lines carry them', async () => {
    process.env.TRACING_SDK = 'opentelemetry';
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = 'http://127.0.0.1:9'; // nothing listens: nothing leaves the test
    process.env.JAEGER_REPORTER_LOG_SPANS = 'false';
    const { logger, lines } = memoryLogger('hello-server');
    const tracer = initTracer('hello-server', logger);
    assert.ok(tracer instanceof TracerShim, 'the OpenTracing shim');
    assert.equal(tracer.constructor.name, 'OpenTelemetryTracer');
    const span = tracer.startSpan('op');
    withSpan(span, () => logger.info('inside'));
    span.finish();
    const { traceId, spanId } = ids(span);
    assert.match(traceId, /^[0-9a-f]{32}$/);
    assert.match(spanId, /^[0-9a-f]{16}$/);
    assert.equal(lines[0]?.trace_id, traceId);
    assert.equal(lines[0]?.span_id, spanId);
    await closeTracer(tracer);
  });

  test('unset or jaeger: jaeger-client, as before', async () => {
    for (const value of [undefined, 'jaeger']) {
      if (value) process.env.TRACING_SDK = value;
      const { logger } = memoryLogger('svc');
      const tracer = initTracer('svc', logger, {}, { reporter: { report() {}, close: (cb?: () => void) => cb?.(), setProcess() {} } });
      assert.ok(!(tracer instanceof TracerShim));
      const span = tracer.startSpan('op');
      assert.equal(typeof (span.context() as unknown as { isSampled(): boolean }).isSampled, 'function', 'a jaeger-client span context');
      assert.match(span.context().toTraceId(), /^[0-9a-f]{1,16}$/);
      await closeTracer(tracer);
    }
  });

  test('a bad value is a ConfigError naming the choices', () => {
    process.env.TRACING_SDK = 'otel';
    assert.throws(() => initTracer('svc', memoryLogger('svc').logger), (err: Error) => err instanceof ConfigError && err.message === 'TRACING_SDK="otel" is not valid: one of jaeger, opentelemetry');
    process.env.TRACING_SDK = 'opentelemetry';
    process.env.OTEL_FOLLOWS_FROM = 'parent';
    assert.throws(() => initTracer('svc', memoryLogger('svc').logger), (err: Error) => err instanceof ConfigError && err.message === 'OTEL_FOLLOWS_FROM="parent" is not valid: one of child, link');
  });

  test('...and a process started with it says so in one line, exit 2', async () => {
    const child = spawn('npm', ['run', '--silent', '01:tracing:client'], { env: { ...process.env, TRACING_SDK: 'otel', LOGSTASH_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 2);
    assert.equal(output.trim(), 'configuration error: TRACING_SDK="otel" is not valid: one of jaeger, opentelemetry');
  });
});

describe('OTLP endpoint', () => {
  test('127.0.0.1:4318 by default; OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces; the TRACES one as is', () => {
    assert.equal(otlpTracesUrl(), 'http://127.0.0.1:4318/v1/traces');
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = 'http://jaeger:4318/';
    assert.equal(otlpTracesUrl(), 'http://jaeger:4318/v1/traces');
    process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = 'http://collector:4318/custom';
    assert.equal(otlpTracesUrl(), 'http://collector:4318/custom');
    process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = 'collector:4318';
    assert.throws(() => otlpTracesUrl(), ConfigError);
  });
});

describe('propagation: Jaeger headers and W3C headers, both ways', () => {
  test('OpenTelemetry writes uber-trace-id, uberctx-*, traceparent and baggage', () => {
    const { tracer } = otel('edge');
    const span = tracer.startSpan('POST /greetings');
    span.setBaggageItem('customer-tier', 'premium plus');
    const headers: Record<string, string> = {};
    tracer.inject(span, FORMAT_HTTP_HEADERS, headers);
    const { traceId, spanId } = ids(span);
    assert.deepEqual(headers, {
      'uber-trace-id': `${traceId}:${spanId}:0:01`,
      'uberctx-customer-tier': 'premium%20plus',
      traceparent: `00-${traceId}-${spanId}-01`,
      baggage: 'customer-tier=premium%20plus',
    });
  });

  for (const format of [FORMAT_HTTP_HEADERS, FORMAT_TEXT_MAP]) {
    test(`jaeger-client -> OpenTelemetry (${format}): one trace, the parent, the baggage; logs print the id as Jaeger does`, async () => {
      const jaeger = memoryTracer('hello-client', memoryLogger('t').logger);
      const upstream = jaeger.tracer.startSpan('say-hello');
      upstream.setBaggageItem('customer-tier', 'premium');
      const headers: Record<string, string> = {};
      jaeger.tracer.inject(upstream, format, headers);
      assert.deepEqual(Object.keys(headers).sort(), ['uber-trace-id', 'uberctx-customer-tier']);

      const server = otel('hello-server');
      const span = server.tracer.startSpan('GET /hello/:name', { childOf: server.tracer.extract(format, headers) ?? undefined });
      span.finish();
      const read = await server.one('GET /hello/:name');
      const jaegerTraceId = upstream.context().toTraceId();
      assert.equal(span.context().toTraceId(), jaegerTraceId.padStart(32, '0'), 'the 64-bit id, padded');
      assert.equal(read.parentSpanContext?.spanId, upstream.context().toSpanId().padStart(16, '0'));
      assert.equal(span.getBaggageItem('customer-tier'), 'premium');
      // Both sides' log lines print what Jaeger's UI prints: 16 digits.
      assert.equal(traceFields(span).trace_id, traceFields(upstream).trace_id);
      assert.match(traceFields(span).trace_id!, /^[0-9a-f]{16}$/);
      await closeTracer(jaeger.tracer);
    });

    test(`OpenTelemetry -> jaeger-client (${format}): one 128-bit trace, the parent, the baggage`, async () => {
      const client = otel('hello-client');
      const upstream = client.tracer.startSpan('say-hello');
      upstream.setBaggageItem('customer-tier', 'premium');
      const headers: Record<string, string> = {};
      client.tracer.inject(upstream, format, headers);

      const jaeger = memoryTracer('hello-server', memoryLogger('t').logger);
      const span = jaeger.tracer.startSpan('GET /hello/:name', { childOf: jaeger.tracer.extract(format, headers) ?? undefined });
      span.finish();
      const [read] = jaeger.spans();
      assert.equal(read?.traceId, upstream.context().toTraceId());
      assert.match(read!.traceId, /^[0-9a-f]{32}$/);
      assert.equal(read?.parentId, upstream.context().toSpanId());
      assert.deepEqual(read?.baggage, { 'customer-tier': 'premium' });
      assert.equal(traceFields(span).trace_id, traceFields(upstream).trace_id);
      await closeTracer(jaeger.tracer);
    });
  }

  test('W3C headers alone (another OpenTelemetry service) are read too', () => {
    const { tracer } = otel('svc');
    const context = tracer.extract(FORMAT_HTTP_HEADERS, {
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      baggage: 'customer-tier=premium',
    });
    const span = tracer.startSpan('op', { childOf: context ?? undefined });
    assert.equal(span.context().toTraceId(), '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(span.getBaggageItem('customer-tier'), 'premium');
  });

  test('no trace headers: extract gives null, the span starts a trace', () => {
    const { tracer } = otel('svc');
    assert.equal(tracer.extract(FORMAT_HTTP_HEADERS, { host: 'x' }), null);
  });
});

describe('sampling: what jaeger-client would do', () => {
  const sampled = (span: Span) => (span.context() as unknown as { getSpanContext(): { traceFlags: number } }).getSpanContext().traceFlags === TraceFlags.SAMPLED;

  test('every trace by default; const 0 samples no root, yet follows a sampled caller (parent-based)', () => {
    assert.equal(sampled(otel('a').tracer.startSpan('op')), true);
    const never = otel('b', { JAEGER_SAMPLER_TYPE: 'const', JAEGER_SAMPLER_PARAM: '0' });
    assert.equal(sampled(never.tracer.startSpan('op')), false);
    const remote = never.tracer.extract(FORMAT_HTTP_HEADERS, { 'uber-trace-id': 'abc:def:0:1' });
    assert.equal(sampled(never.tracer.startSpan('op', { childOf: remote ?? undefined })), true);
    const unsampledCaller = otel('c').tracer.extract(FORMAT_HTTP_HEADERS, { 'uber-trace-id': 'abc:def:0:0' });
    assert.equal(sampled(otel('d').tracer.startSpan('op', { childOf: unsampledCaller ?? undefined })), false);
  });

  test('probabilistic maps to a trace-id ratio', () => {
    assert.equal(sampled(otel('a', { JAEGER_SAMPLER_TYPE: 'probabilistic', JAEGER_SAMPLER_PARAM: '0' }).tracer.startSpan('op')), false);
    assert.equal(sampled(otel('b', { JAEGER_SAMPLER_TYPE: 'probabilistic', JAEGER_SAMPLER_PARAM: '1' }).tracer.startSpan('op')), true);
  });

  test("step 04's remote sampler: one line says it is not used, and every trace is kept", () => {
    process.env.JAEGER_REPORTER_LOG_SPANS = 'false';
    const { logger, lines } = memoryLogger('edge');
    const tracer = initOpenTelemetryTracer('edge', logger, openTelemetrySettings({ sampler: remoteSampler() }), { exporter: recordingExporter().exporter });
    assert.deepEqual(
      lines.map((l) => `${l.level} ${l.message}`),
      ['info tracing: OpenTelemetry SDK: Jaeger remote sampling (127.0.0.1:5778) is not used; every trace is kept (parent-based, always on)'],
    );
    assert.equal(sampled(tracer.startSpan('GET /health')), true);
  });

  test('rate limiting has no counterpart: one line, every trace kept', () => {
    const { tracer, lines } = otel('svc', { JAEGER_SAMPLER_TYPE: 'ratelimiting', JAEGER_SAMPLER_PARAM: '2' });
    assert.deepEqual(lines.map((l) => l.message), ['tracing: OpenTelemetry SDK: the Jaeger sampler "ratelimiting" (2) has no counterpart here; every trace is kept (parent-based, always on)']);
    assert.equal(sampled(tracer.startSpan('op')), true);
  });
});

describe('spans: tags, kinds, errors', () => {
  test('the span.kind tag is the span kind (one span.kind in Jaeger), other tags are attributes', async () => {
    const t = otel('svc');
    for (const kind of ['client', 'server', 'producer', 'consumer', 'other']) t.tracer.startSpan(kind, { tags: { 'span.kind': kind, component: 'x', 'kafka.offset': 4 } }).finish();
    t.tracer.startSpan('plain').finish();
    const spans = await t.spans();
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
    assert.equal(byName.client?.kind, SpanKind.CLIENT);
    assert.equal(byName.server?.kind, SpanKind.SERVER);
    assert.equal(byName.producer?.kind, SpanKind.PRODUCER);
    assert.equal(byName.consumer?.kind, SpanKind.CONSUMER);
    assert.deepEqual(byName.client?.attributes, { component: 'x', 'kafka.offset': 4 });
    // A value OpenTelemetry has no kind for stays a tag.
    assert.equal(byName.other?.kind, SpanKind.INTERNAL);
    assert.equal(byName.other?.attributes['span.kind'], 'other');
    assert.equal(byName.plain?.kind, SpanKind.INTERNAL);
  });

  test("an error keeps its message and stack (the stock shim keeps only error.object's string)", async () => {
    const t = otel('svc');
    const span = t.tracer.startSpan('op');
    const err = new TypeError('boom');
    recordError(span, err); // error=true, then an 'error' log with error.kind, error.object, message, stack
    span.log({ event: 'retry', attempt: 2 });
    span.finish();
    const read = await t.one('op');
    assert.equal(read.status.code, SpanStatusCode.ERROR);
    assert.deepEqual(
      read.events.map((e) => [e.name, e.attributes]),
      [
        ['exception', { 'exception.type': 'TypeError', 'exception.message': 'boom', 'exception.stacktrace': err.stack }],
        ['retry', { event: 'retry', attempt: 2 }],
      ],
    );
  });
});

describe('flush and failures', () => {
  test('close flushes what the batch still holds (a flush interval of a minute: only close can send it)', async () => {
    process.env.JAEGER_REPORTER_FLUSH_INTERVAL = '60000';
    process.env.JAEGER_REPORTER_LOG_SPANS = 'false';
    const recording = recordingExporter();
    const tracer = initOpenTelemetryTracer('svc', memoryLogger('svc').logger, openTelemetrySettings(), { exporter: recording.exporter });
    tracer.startSpan('last words').finish();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(recording.spans.length, 0, 'still buffered');
    await closeTracer(tracer as unknown as JaegerTracer);
    assert.deepEqual(recording.spans.map((s) => s.name), ['last words']);
  });

  test('export failures are one warning, however many batches fail', async () => {
    process.env.JAEGER_REPORTER_LOG_SPANS = 'false';
    const { logger, lines } = memoryLogger('svc');
    const failing = recordingExporter(new Error('connect ECONNREFUSED 127.0.0.1:4318'));
    const tracer = initOpenTelemetryTracer('svc', logger, openTelemetrySettings(), { exporter: failing.exporter });
    for (let i = 0; i < 3; i++) {
      tracer.startSpan(`op${i}`).finish();
      await assert.rejects(tracer.flush(), /ECONNREFUSED/); // the batch processor's own flush reports it
    }
    assert.equal(failing.calls(), 3);
    assert.deepEqual(
      lines.map((l) => `${l.level} ${l.message}`),
      ['warn tracing: spans could not be sent to http://127.0.0.1:4318/v1/traces (connect ECONNREFUSED 127.0.0.1:4318): spans are dropped; the app goes on'],
    );
  });

  test('Jaeger away (real OTLP exporter): the app goes on, close returns within the export timeout, one warning', async () => {
    Object.assign(process.env, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', JAEGER_REPORTER_LOG_SPANS: 'false' });
    const { logger, lines } = memoryLogger('svc');
    const tracer = initOpenTelemetryTracer('svc', logger, openTelemetrySettings());
    tracer.startSpan('op').finish();
    const start = Date.now();
    await closeTracer(tracer as unknown as JaegerTracer);
    const took = Date.now() - start;
    assert.ok(took < 3500, `close took ${took} ms`);
    assert.equal(lines.length, 1, JSON.stringify(lines));
    assert.match(lines[0]!.message, /^tracing: spans could not be sent to http:\/\/127\.0\.0\.1:9\/v1\/traces \(.*ECONNREFUSED.*\): spans are dropped; the app goes on$/);
  });

  test('JAEGER_REPORTER_LOG_SPANS: "Reporting span trace:span:parent:flags" per span, as jaeger-client prints', async () => {
    const { logger, lines } = memoryLogger('svc');
    const tracer = initOpenTelemetryTracer('svc', logger, openTelemetrySettings(), { exporter: recordingExporter().exporter });
    const parent = tracer.startSpan('parent');
    const child = tracer.startSpan('child', { childOf: parent });
    child.finish();
    const { traceId } = ids(parent);
    assert.deepEqual(lines.map((l) => l.message), [`Reporting span ${traceId}:${ids(child).spanId}:${ids(parent).spanId}:1`]);
    process.env.JAEGER_REPORTER_LOG_SPANS = 'false';
    const quiet = memoryLogger('svc');
    initOpenTelemetryTracer('svc', quiet.logger, openTelemetrySettings(), { exporter: recordingExporter().exporter }).startSpan('x').finish();
    assert.deepEqual(quiet.lines, []);
  });
});

describe('FOLLOWS_FROM under OpenTelemetry: OTEL_FOLLOWS_FROM=child (default) or link', () => {
  /** What a kafkajs consumer hands over: header values as Buffers. */
  const delivered = (headers: Record<string, string>, value: unknown = null) =>
    ({ offset: '7', value: value === null ? null : Buffer.from(JSON.stringify(value)), headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)])) }) as unknown as KafkaMessage;

  /** Step 03: command-api's To_ span (with baggage), then the projector's trace-message.ts and its project span. */
  async function step03(mode?: 'child' | 'link') {
    const env: Record<string, string> = mode ? { OTEL_FOLLOWS_FROM: mode } : {};
    const command = otel('command-api', env);
    const projector = otel('projector', env);
    const produce = command.tracer.startSpan('To_greetings.events');
    produce.setBaggageItem('customer-tier', 'premium');
    const headers = injectHeaders(command.tracer, produce);
    produce.finish();
    let baggage: string | undefined;
    await traceMessage(projector.tracer, 'greetings-projector')('greetings.events', 0, delivered(headers), () =>
      inSpan(projector.tracer, 'project', async () => {
        baggage = activeSpan()?.getBaggageItem('customer-tier');
      }),
    );
    return { produce: await command.one('To_greetings.events'), consume: await projector.one('From_greetings.events'), project: await projector.one('project'), baggage };
  }

  for (const mode of [undefined, 'child'] as const) {
    test(`${mode ?? 'unset'}: the consumer span is the producer's child in one trace, linked as follows_from; baggage passes`, async () => {
      const { produce, consume, project, baggage } = await step03(mode);
      const producer = produce.spanContext();
      assert.equal(consume.spanContext().traceId, producer.traceId, 'one trace');
      assert.equal(consume.parentSpanContext?.spanId, producer.spanId);
      assert.deepEqual(consume.links.map((l) => [l.context.spanId, l.attributes]), [[producer.spanId, { 'opentracing.ref_type': 'follows_from' }]]);
      assert.equal(project.spanContext().traceId, producer.traceId);
      assert.equal(project.parentSpanContext?.spanId, consume.spanContext().spanId);
      assert.equal(consume.kind, SpanKind.CONSUMER);
      assert.equal(baggage, 'premium');
    });
  }

  test('link: the consumer span starts a trace of its own, linked to the producer; baggage does not cross', async () => {
    const { produce, consume, project, baggage } = await step03('link');
    const producer = produce.spanContext();
    assert.notEqual(consume.spanContext().traceId, producer.traceId, 'a new trace');
    assert.equal(consume.parentSpanContext, undefined, 'a root span');
    assert.deepEqual(consume.links.map((l) => [l.context.traceId, l.context.spanId, l.attributes]), [[producer.traceId, producer.spanId, { 'opentracing.ref_type': 'follows_from' }]]);
    assert.equal(project.spanContext().traceId, consume.spanContext().traceId, "the consumer's work stays in the consumer's trace");
    assert.equal(baggage, undefined);
  });

  test('what the stock shim does (as published, no wrapper): link only, a new trace, no baggage, the ref type under "span.kind"', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const stock = new TracerShim(provider.getTracer('stock'));
    const produce = stock.startSpan('To_greetings.events', { tags: { 'span.kind': 'producer' } });
    produce.setBaggageItem('customer-tier', 'premium');
    const consume = stock.startSpan('From_greetings.events', { references: [followsFrom(produce.context())] });
    assert.equal(consume.getBaggageItem('customer-tier'), undefined);
    consume.finish();
    produce.finish();
    const [consumed, produced] = exporter.getFinishedSpans();
    assert.notEqual(consumed?.spanContext().traceId, produced?.spanContext().traceId);
    assert.equal(consumed?.parentSpanContext, undefined);
    assert.deepEqual(consumed?.links.map((l) => [l.context.spanId, l.attributes]), [[produced?.spanContext().spanId, { 'span.kind': 'follows_from' }]]);
    // ...and span.kind stays a tag on an INTERNAL span (Jaeger then shows "producer" and "internal").
    assert.equal(produced?.kind, SpanKind.INTERNAL);
    assert.equal(produced?.attributes['span.kind'], 'producer');
    await provider.shutdown();
  });

  test('a CHILD_OF reference is the parent in both modes (the stock shim made it a link)', async () => {
    for (const mode of ['child', 'link']) {
      const t = otel('svc', { OTEL_FOLLOWS_FROM: mode });
      const parent = t.tracer.startSpan('parent');
      const other = t.tracer.startSpan('other');
      t.tracer.startSpan('child', { references: [followsFrom(other.context()), childOf(parent.context())] }).finish();
      const child = await t.one('child');
      assert.equal(child.parentSpanContext?.spanId, ids(parent).spanId, mode);
      assert.deepEqual(child.links.map((l) => [l.context.spanId, l.attributes?.['opentracing.ref_type']]), [[ids(other).spanId, 'follows_from']], mode);
    }
  });

  /** Step 04: the edge's To_ span carries customer-tier; the delivery consumer (lib/kafka-tracing) delivers by it. */
  async function step04(mode: 'child' | 'link', tier: string) {
    Object.assign(process.env, { DELIVERY_DELAY_MS: '10' });
    const edge = otel('edge', { OTEL_FOLLOWS_FROM: mode });
    const delivery = otel('delivery', { OTEL_FOLLOWS_FROM: mode });
    const produce = edge.tracer.startSpan('To_greetings.orders');
    produce.setBaggageItem('customer-tier', tier);
    const headers = injectHeaders(edge.tracer, produce);
    produce.finish();
    const order = greetingOrdered({ customer: 'ada', name: 'Ada', lang: 'en' }, 'Hello, Ada!');
    const state = { express: 0, standard: 0 };
    await traceMessages(delivery.tracer, 'delivery')('greetings.orders', 0, delivered(headers, order), async () => {
      await deliver(delivery.logger, delivery.tracer, order, state);
    });
    return { state, deliverSpan: await delivery.one('deliver'), produce: await edge.one('To_greetings.orders') };
  }

  test("step 04's baggage: with child a premium order is delivered express; with link the tier is lost and it goes standard", async () => {
    const child = await step04('child', 'premium');
    assert.deepEqual(child.state, { express: 1, standard: 0 });
    assert.equal(child.deliverSpan.attributes['baggage.customer-tier'], 'premium');
    assert.equal(child.deliverSpan.spanContext().traceId, child.produce.spanContext().traceId);

    const link = await step04('link', 'premium');
    assert.deepEqual(link.state, { express: 0, standard: 1 }, 'the premium customer waits like everyone else');
    assert.equal(link.deliverSpan.attributes['baggage.customer-tier'], 'standard');
    assert.notEqual(link.deliverSpan.spanContext().traceId, link.produce.spanContext().traceId);
  });
});
