// In-memory tracing for in-process tests: jaeger-client's InMemoryReporter, and a plain
// view of its spans (jaeger-client keeps tags, logs and references in private fields).
import assert from 'node:assert/strict';
import jaeger, { type JaegerTracer } from 'jaeger-client';
import type { Span } from 'opentracing';
import type { Logger } from '../../lib/logger';
import { initTracer } from '../../lib/tracer';

interface JaegerSpanInternals {
  operationName: string;
  context(): { toTraceId(): string; toSpanId(): string; parentIdStr?: string | null; _baggage?: Record<string, string> };
  _tags: { key: string; value: unknown }[];
  _logs: { timestamp: number; fields: { key: string; value: unknown }[] }[];
  _references: { type(): string; referencedContext(): { toSpanId(): string } }[];
  _startTime: number;
  _duration: number;
}

export interface FinishedSpan {
  operationName: string;
  traceId: string;
  spanId: string;
  /** childOf sets the parent id; jaeger-client keeps only explicit references in _references. */
  parentId: string | undefined;
  references: { type: string; spanId: string }[];
  /** Baggage items the span carried (inherited or set on it). */
  baggage: Record<string, string>;
  tags: Record<string, unknown>;
  logs: Record<string, unknown>[];
  startTime: number;
  /** Milliseconds. */
  duration: number;
}

export function memoryTracer(serviceName: string, logger: Logger) {
  const reporter = new (jaeger as unknown as { InMemoryReporter: new () => MemoryReporter }).InMemoryReporter();
  const tracer: JaegerTracer = initTracer(serviceName, logger, {}, { reporter });
  return { tracer, spans: () => reporter.spans.map(view), clear: () => reporter.clear() };
}

interface MemoryReporter {
  spans: Span[];
  clear(): void;
  report(span: Span): void;
  close(callback?: () => void): void;
  setProcess(serviceName: string, tags: unknown): void;
}

function view(span: Span): FinishedSpan {
  const s = span as unknown as JaegerSpanInternals;
  return {
    operationName: s.operationName,
    traceId: s.context().toTraceId(),
    spanId: s.context().toSpanId(),
    parentId: s.context().parentIdStr ?? undefined,
    references: s._references.map((ref) => ({ type: ref.type(), spanId: ref.referencedContext().toSpanId() })),
    baggage: { ...s.context()._baggage },
    tags: Object.fromEntries(s._tags.map(({ key, value }) => [key, value])),
    logs: s._logs.map((log) => Object.fromEntries(log.fields.map(({ key, value }) => [key, value]))),
    startTime: s._startTime,
    duration: s._duration,
  };
}

export const padId = (id: string) => id.padStart(16, '0');

/** Every expected tag is on the span with that value (jaeger adds sampler.* tags to roots). */
export function assertTags(span: FinishedSpan | undefined, expected: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(expected)) assert.equal(span?.tags[key], value, `tag ${key} of ${span?.operationName}`);
}
