// The bench's peer: step 01's hello-server with the same hand-made server span, written
// against the OpenTelemetry SDK instead of jaeger-client (bench only; the epilogue's shim
// is lib/tracer.ts). Spans go in batches, OTLP over HTTP, to Jaeger's port 4318.
//   OTEL_BENCH_SAMPLING=1 (every trace) | 0.01 (1%, parent-based) | off (no SDK: the API's no-op)
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import express from 'express';
import { greet, parseName } from '../01-http-simple/greeting';
import { envNumber, envPort, envString } from '../lib/env';
import { errorHandler, notFound, startServer } from '../lib/http';
import { createLogger } from '../lib/logger';
import { closeServer, onShutdown } from '../lib/shutdown';

const log = createLogger('hello-server');
const sampling = envString('OTEL_BENCH_SAMPLING', '1');
const provider =
  sampling === 'off'
    ? undefined
    : new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': 'hello-server' }),
        sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(envNumber('OTEL_BENCH_SAMPLING', 1, { min: 0, max: 1 })) }),
        spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: envString('OTEL_BENCH_OTLP_URL', 'http://127.0.0.1:4318/v1/traces') }))],
      });
if (provider) {
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}
const tracer = trace.getTracer('hello-server');

// The log lines carry the trace id, as ours do.
const traceFields = () => {
  const span = trace.getActiveSpan()?.spanContext();
  return span && trace.isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {};
};

const app = express();
app.use((req, res, next) => {
  const parent = propagation.extract(context.active(), req.headers);
  const span = tracer.startSpan(
    `${req.method} ${req.path}`,
    { kind: SpanKind.SERVER, attributes: { component: 'express', 'http.method': req.method, 'http.url': req.originalUrl } },
    parent,
  );
  res.on('close', () => {
    span.updateName(`${req.method} ${req.route?.path ?? '(unmatched route)'}`);
    if (res.writableFinished) span.setAttribute('http.status_code', res.statusCode);
    const err: Error | undefined = res.locals.error ?? (res.writableFinished ? undefined : new Error('the client went away'));
    if (err) {
      span.recordException(err);
      span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
    }
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
});
app.get('/hello/:name', (req, res) => {
  const name = parseName(req.params.name);
  log.info('greeting', { name, ...traceFields() });
  res.json({ greeting: greet(name) });
});
app.use(notFound, errorHandler(log));

const server = startServer(app, 'hello-server', envPort('HELLO_SERVER_PORT', 3000), log);
onShutdown(log, () => closeServer(server), () => provider?.shutdown());
