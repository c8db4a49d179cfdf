// The OpenTelemetry SDK behind OpenTracing's API (TRACING_SDK=opentelemetry, see lib/tracer.ts).
// The steps keep calling tracer.startSpan/inject/extract and span.setTag/log/finish; the spans
// go out as OTLP over HTTP to Jaeger (port 4318), and the headers on the wire are Jaeger's
// (uber-trace-id, uberctx-*) and W3C's (traceparent, baggage), so a fleet half on jaeger-client
// and half on OpenTelemetry keeps one trace.
//
// No global is registered (tracer provider, propagator, context manager): each process has its
// one tracer, and tests can hold several. No context manager is needed either: the shim parents
// a span only on what OpenTracing hands it (childOf, references); without a manager OpenTelemetry's
// active context is the root, so a span without a parent starts a trace, as under jaeger-client.
// The active span of a request stays in lib/context.ts, for both SDKs.
//
// lib/tracer.ts loads this file only when TRACING_SDK=opentelemetry (a jaeger-client process does
// not pay for the SDK's start-up) and hands it its settings, read from the environment there:
// loaded that way this module is a second copy next to the app's own modules, so it imports no
// module with state (lib/env registers a handler, and loads .env), only packages and types.
import { context, propagation, SpanKind, trace, type Attributes, type Link, type Tracer } from '@opentelemetry/api';
import { CompositePropagator, ExportResultCode, W3CBaggagePropagator, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { JaegerPropagator } from '@opentelemetry/propagator-jaeger';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
  type Sampler,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_STACKTRACE, ATTR_EXCEPTION_TYPE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { TracerShim } from '@opentelemetry/shim-opentracing';
// The package's index exports TracerShim only; its span classes, subclassed and recognised below,
// come from its build (no exports map forbids it; the version is pinned and checked by
// test/opentelemetry-versions.test.ts).
import { SpanContextShim, SpanShim } from '@opentelemetry/shim-opentracing/build/src/shim';
import type { SamplerConfig } from 'jaeger-client';
import { REFERENCE_CHILD_OF, Tags, type Reference, type Span, type SpanOptions } from 'opentracing';
import type { Logger } from './logger';

/**
 * What a FOLLOWS_FROM reference becomes (step 03's and 04's Kafka consumers use one), chosen by
 * OTEL_FOLLOWS_FROM:
 * - `child` (the default): the referenced span is the parent, as OpenTelemetry's OpenTracing
 *   compatibility spec says (the first CHILD_OF reference, else the first reference), plus a link
 *   marked `opentracing.ref_type=follows_from`. Jaeger shows the one trace and the FOLLOWS_FROM
 *   reference jaeger-client gave, and baggage reaches the consumer: the steps' story holds.
 * - `link`: what @opentelemetry/shim-opentracing does by itself: a link only. Each consumer span
 *   starts a trace of its own, linked to the producer's, and baggage does not cross (a link
 *   carries none). Linked traces are how OpenTelemetry draws batch consumers; read them as such.
 */
export type FollowsFrom = 'child' | 'link';

/** What lib/tracer.ts reads from the environment for this SDK (openTelemetrySettings there). */
export interface OpenTelemetrySettings {
  /** OTLP over HTTP: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
  url: string;
  /** OTEL_EXPORTER_OTLP_TIMEOUT: how long one export may take, retries included. */
  timeoutMillis: number;
  /** JAEGER_REPORTER_FLUSH_INTERVAL: the batch processor sends every so many ms. */
  flushIntervalMs: number;
  /** JAEGER_REPORTER_LOG_SPANS: "Reporting span ..." on the console. */
  logSpans: boolean;
  /** OTEL_FOLLOWS_FROM. */
  followsFrom: FollowsFrom;
  /** jaeger-client's sampler (JAEGER_SAMPLER_TYPE/PARAM, or a step's config), or JAEGER_DISABLED. */
  sampler: SamplerConfig | 'disabled';
}

/** uber-trace-id and uberctx-* (jaeger-client's), then W3C traceparent and baggage; all are written, each is read. */
export const propagator = () =>
  new CompositePropagator({ propagators: [new JaegerPropagator(), new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });

/**
 * The sampler jaeger-client would use. jaeger-client decides for a trace's root span and follows
 * the caller's decision otherwise: OpenTelemetry's parent-based samplers are that rule. Jaeger's
 * remote sampling and rate limiting have no counterpart in these packages: one line says so, and
 * every trace is kept.
 */
export function samplerFor(sampler: OpenTelemetrySettings['sampler'], say: (line: string) => void): Sampler {
  if (sampler === 'disabled') return new AlwaysOffSampler();
  const { type, param } = sampler;
  const parentBased = (root: Sampler) => new ParentBasedSampler({ root });
  switch (type) {
    case 'const':
      return parentBased(param ? new AlwaysOnSampler() : new AlwaysOffSampler());
    case 'probabilistic':
      return parentBased(new TraceIdRatioBasedSampler(Math.min(param, 1)));
    case 'remote':
      say(`tracing: OpenTelemetry SDK: Jaeger remote sampling (${sampler.hostPort ?? sampler.host ?? 'the agent'}) is not used; every trace is kept (parent-based, always on)`);
      return parentBased(new AlwaysOnSampler());
    default:
      say(`tracing: OpenTelemetry SDK: the Jaeger sampler "${type}" (${param}) has no counterpart here; every trace is kept (parent-based, always on)`);
      return parentBased(new AlwaysOnSampler());
  }
}

const KINDS: Record<string, SpanKind> = {
  [Tags.SPAN_KIND_RPC_CLIENT]: SpanKind.CLIENT,
  [Tags.SPAN_KIND_RPC_SERVER]: SpanKind.SERVER,
  [Tags.SPAN_KIND_MESSAGING_PRODUCER]: SpanKind.PRODUCER,
  [Tags.SPAN_KIND_MESSAGING_CONSUMER]: SpanKind.CONSUMER,
};

const shimContext = (parent: unknown): SpanContextShim | undefined =>
  parent instanceof SpanShim ? (parent.context() as SpanContextShim) : parent instanceof SpanContextShim ? parent : undefined;

/**
 * TracerShim with three changes, each small (and a fourth in OpenTelemetrySpan, below):
 * - references follow OTEL_FOLLOWS_FROM (see FollowsFrom); the stock shim turns every reference
 *   into a bare link, under the attribute name `span.kind` where the spec says `opentracing.ref_type`;
 * - the span.kind tag becomes OpenTelemetry's SpanKind: left as a tag, Jaeger would show two
 *   span.kind tags, the tag's "client" and the kind's "internal";
 * - close(callback), as jaeger-client's: lib/tracer.ts's closeTracer flushes both the same way.
 */
export class OpenTelemetryTracer extends TracerShim {
  readonly #otel: Tracer;
  readonly #provider: BasicTracerProvider;
  readonly #followsFrom: FollowsFrom;

  constructor(provider: BasicTracerProvider, followsFrom: FollowsFrom) {
    const otel = provider.getTracer('opentracing-shim');
    const headers = propagator();
    super(otel, { textMapPropagator: headers, httpHeadersPropagator: headers });
    this.#otel = otel;
    this.#provider = provider;
    this.#followsFrom = followsFrom;
  }

  override startSpan(name: string, options: SpanOptions = {}): Span {
    const references: Reference[] = options.references ?? [];
    const childOf = references.find((r) => r.type() === REFERENCE_CHILD_OF);
    const parentRef = options.childOf ? undefined : (childOf ?? (this.#followsFrom === 'child' ? references[0] : undefined));
    const parent = shimContext(options.childOf ?? parentRef?.referencedContext());
    // Every reference is also a link, typed; a CHILD_OF parent needs none (it is the parent).
    const links: Link[] = references.flatMap((ref) => {
      const linked = shimContext(ref.referencedContext());
      return linked && !(ref === parentRef && ref.type() === REFERENCE_CHILD_OF) ? [{ context: linked.getSpanContext(), attributes: { 'opentracing.ref_type': ref.type() } }] : [];
    });
    const { [Tags.SPAN_KIND]: kindTag, ...tags } = options.tags ?? {};
    const kind = KINDS[String(kindTag)];
    const span = this.#otel.startSpan(
      name,
      { kind: kind ?? SpanKind.INTERNAL, attributes: (kind === undefined ? options.tags : tags) as Attributes, links, startTime: options.startTime },
      parent ? trace.setSpanContext(context.active(), parent.getSpanContext()) : context.active(),
    );
    return new OpenTelemetrySpan(this, span, parent?.getBaggage() ?? propagation.createBaggage());
  }

  /** Sends the spans buffered so far (tests read their exporter after it). */
  flush(): Promise<void> {
    return this.#provider.forceFlush();
  }

  /** Flushes the spans still buffered, then stops the exporter; callback runs either way. */
  close(callback?: () => void): void {
    const done = () => callback?.();
    this.#provider.shutdown().then(done, done);
  }
}

/**
 * SpanShim keeping errors whole: given a string error.object (the demo logs String(err), see
 * lib/tracing.ts recordError), the stock shim records only that string and drops message and
 * stack. Here they go to OpenTelemetry's exception event as exception.type/message/stacktrace.
 */
class OpenTelemetrySpan extends SpanShim {
  override log(fields: Record<string, unknown>, timestamp?: number): this {
    if (fields.event !== 'error') return super.log(fields as Attributes, timestamp);
    const { 'error.object': object, 'error.kind': kind, message, stack, ...rest } = fields;
    delete rest.event; // the event's name: 'exception'
    const attributes = { [ATTR_EXCEPTION_TYPE]: kind, [ATTR_EXCEPTION_MESSAGE]: message ?? object, [ATTR_EXCEPTION_STACKTRACE]: stack, ...rest };
    this.getSpan().addEvent('exception', Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== undefined)) as Attributes, timestamp);
    return this;
  }
}

/** Exporter errors are silent in OpenTelemetry (its diag logger is off): say the first one, once. */
class WarnOnce implements SpanExporter {
  #warned = false;
  constructor(
    private readonly inner: SpanExporter,
    private readonly warn: (line: string) => void,
    private readonly where: string,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code !== ExportResultCode.SUCCESS && !this.#warned) {
        this.#warned = true;
        this.warn(`tracing: spans could not be sent to ${this.where} (${result.error?.message ?? 'export failed'}): spans are dropped; the app goes on`);
      }
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** jaeger-client's logSpans: "Reporting span trace:span:parent:flags" on the console for each sampled span. */
const logSpans = (logger: Logger): SpanProcessor => ({
  onStart: () => {},
  onEnd: (span) => {
    const { traceId, spanId, traceFlags } = span.spanContext();
    logger.info(`Reporting span ${traceId}:${spanId}:${span.parentSpanContext?.spanId ?? 0}:${traceFlags}`);
  },
  forceFlush: async () => {},
  shutdown: async () => {},
});

export interface OpenTelemetryOptions {
  /** Where the spans go; default OTLP over HTTP to Jaeger (tests pass a recording exporter). */
  exporter?: SpanExporter;
}

/**
 * The tracer of one process on OpenTelemetry: resource service.name, the sampler above, a batch
 * processor, OTLP over HTTP to settings.url. Jaeger's agent and endpoint are not used.
 */
export function initOpenTelemetryTracer(serviceName: string, logger: Logger, settings: OpenTelemetrySettings, options: OpenTelemetryOptions = {}): OpenTelemetryTracer {
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: settings.url, timeoutMillis: settings.timeoutMillis });
  const spanProcessors: SpanProcessor[] = [
    new BatchSpanProcessor(new WarnOnce(exporter, (line) => logger.warn(line), settings.url), { scheduledDelayMillis: settings.flushIntervalMs }),
  ];
  if (settings.logSpans) spanProcessors.unshift(logSpans(logger));
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName })),
    sampler: samplerFor(settings.sampler, (line) => logger.info(line)),
    spanProcessors,
  });
  return new OpenTelemetryTracer(provider, settings.followsFrom);
}
