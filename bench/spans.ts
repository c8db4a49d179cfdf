// npm run bench:spans: what one request's tracing costs, without HTTP around it. The same
// calls as step 01's middleware (extract, start with tags, rename, status tag, finish) and one
// log line's trace fields, per tracer set-up; real reporters, spans really sent to Jaeger.
// Where a whole-server ratio says "20 µs", this says which calls they are.
import { context as otelContext, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import jaeger from 'jaeger-client';
import { FORMAT_HTTP_HEADERS, Tags, Tracer } from 'opentracing';
import { setImmediate as turn } from 'node:timers/promises';
import { traceFields, withSpan } from '../lib/context';
import { requireJaeger } from './http';
import { createLogger } from '../lib/logger';
import { closeTracer, initTracer } from '../lib/tracer';

process.env.JAEGER_REPORTER_LOG_SPANS = 'false'; // the shim prints spans otherwise, as jaeger-client would
const perRound = 2000;
const rounds = Number(process.env.BENCH_SPAN_ROUNDS || 50);
const headers = { host: '127.0.0.1:3000', 'user-agent': 'autocannon', accept: '*/*' }; // no trace context: a root span
const quiet = { info() {}, error() {} };

/** One request's worth of OpenTracing calls, as in 01-http-simple/tracing/app.ts. */
function openTracingRequest(tracer: Tracer) {
  const parent = tracer.extract(FORMAT_HTTP_HEADERS, headers) ?? undefined;
  const span = tracer.startSpan('GET /hello/bench', {
    childOf: parent,
    tags: { [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER, [Tags.COMPONENT]: 'express', [Tags.HTTP_METHOD]: 'GET', [Tags.HTTP_URL]: '/hello/bench' },
  });
  withSpan(span, () => traceFields());
  span.setOperationName('GET /hello/:name');
  span.setTag(Tags.HTTP_STATUS_CODE, 200);
  span.finish();
}

function jaegerTracer(sampler: { type: string; param: number }, reporter: object = {}) {
  return jaeger.initTracer({ serviceName: 'bench-spans', sampler, reporter: { agentHost: '127.0.0.1', ...reporter } }, { logger: quiet });
}

function otel(ratio: number) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench-spans-otel' }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: 'http://127.0.0.1:4318/v1/traces' }))],
  });
  const tracer = provider.getTracer('bench');
  const request = () => {
    const parent = propagation.extract(otelContext.active(), headers);
    const span = tracer.startSpan('GET /hello/bench', { kind: SpanKind.SERVER, attributes: { component: 'express', 'http.method': 'GET', 'http.url': '/hello/bench' } }, parent);
    otelContext.with(trace.setSpan(parent, span), () => trace.getActiveSpan()?.spanContext().traceId);
    span.updateName('GET /hello/:name');
    span.setAttribute('http.status_code', 200);
    span.end();
  };
  return { request, flush: () => provider.forceFlush(), close: () => provider.shutdown() };
}

await requireJaeger();
otelContext.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());

const variants: { label: string; make: () => { request: () => void; flush: () => Promise<unknown> | void; close: () => Promise<unknown> | void } }[] = [
  { label: 'nothing (the loop itself)', make: () => ({ request: () => {}, flush: () => {}, close: () => {} }) },
  ...[
    ['jaeger-client const/1, UDP agent', { type: 'const', param: 1 }, {}],
    ['jaeger-client const/1, HTTP collector', { type: 'const', param: 1 }, { collectorEndpoint: 'http://127.0.0.1:14268/api/traces' }],
    ['jaeger-client probabilistic/0.01', { type: 'probabilistic', param: 0.01 }, {}],
    ['jaeger-client const/0 (never sampled)', { type: 'const', param: 0 }, {}],
  ].map(([label, sampler, reporter]) => ({
    label: label as string,
    make: () => {
      const tracer = jaegerTracer(sampler as { type: string; param: number }, reporter as object);
      // The reporter's flush encodes and sends what is buffered (the timer would, a second later).
      const sink = (tracer as unknown as { _reporter: { flush(cb?: () => void): void } })._reporter;
      return {
        request: () => openTracingRequest(tracer),
        flush: () => new Promise<void>((r) => sink.flush(() => r())),
        close: () => new Promise<void>((r) => tracer.close(() => r())),
      };
    },
  })),
  // What JAEGER_DISABLED gives: OpenTracing's own no-op tracer.
  { label: 'opentracing no-op tracer (JAEGER_DISABLED)', make: () => ({ request: () => openTracingRequest(new Tracer()), flush: () => {}, close: () => {} }) },
  {
    label: 'OpenTracing shim on the OpenTelemetry SDK, every trace (TRACING_SDK=opentelemetry)',
    make: () => {
      const log = createLogger('bench-spans-shim', '');
      log.silent = true;
      process.env.TRACING_SDK = 'opentelemetry';
      const tracer = initTracer('bench-spans-shim', log, { sampler: { type: 'const', param: 1 } });
      delete process.env.TRACING_SDK;
      const shim = tracer as unknown as Tracer & { flush(): Promise<void> };
      return { request: () => openTracingRequest(shim), flush: () => shim.flush(), close: () => closeTracer(tracer) };
    },
  },
  { label: 'OpenTelemetry SDK, every trace, OTLP/HTTP', make: () => otel(1) },
  { label: 'OpenTelemetry SDK, 1% (parent-based ratio)', make: () => otel(0.01) },
  { label: 'OpenTelemetry SDK, never sampled (ratio 0)', make: () => otel(0) },
];

console.log(`${rounds} rounds of ${perRound} requests per variant, rounds interleaved; median CPU µs per request, sending included\n`);
const live = variants.map((v) => ({ ...v, ...v.make(), times: [] as number[] }));
for (let round = 0; round < rounds; round++) {
  for (const v of live) {
    // CPU time, the spans' encoding and sending included: both SDKs defer part of it.
    const start = process.cpuUsage();
    for (let i = 0; i < perRound; i++) v.request();
    await v.flush();
    const used = process.cpuUsage(start);
    v.times.push((used.user + used.system) / perRound);
    await turn();
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(live[0]!.times);
console.log('| set-up | µs per request |\n| --- | --- |');
for (const v of live.slice(1)) console.log(`| ${v.label} | ${(median(v.times) - base).toFixed(1)} |`);
for (const v of live) await v.close();
