// The active span of the current request or job, carried across awaits.
// opentracing 0.14 has no scope manager for Node, so we keep it here.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span } from 'opentracing';
import { envUrl } from './env';

const storage = new AsyncLocalStorage<Span>();

/** Run fn with span as the active span (log lines written inside get its ids). */
export function withSpan<T>(span: Span, fn: () => T): T {
  return storage.run(span, fn);
}

export function activeSpan(): Span | undefined {
  return storage.getStore();
}

/** trace_id and span_id of a span (the active one by default), for logs and error bodies. */
export function traceFields(span = activeSpan()): { trace_id?: string; span_id?: string } {
  const context = span?.context();
  const traceId = context?.toTraceId();
  if (!context || !traceId) return {};
  return { trace_id: padId(traceId), span_id: padId(context.toSpanId()) };
}

// jaeger-client drops leading zeros; Jaeger's UI and API print 16 (or 32) hex digits.
// Padding the same way lets an id copied from the UI find the logs.
const padId = (id: string) => id.padStart(id.length > 16 ? 32 : 16, '0');

/** A link to the active trace in the Jaeger UI (JAEGER_UI_URL, default http://127.0.0.1:16686). */
export function jaegerLink(span = activeSpan()): string | undefined {
  const { trace_id } = traceFields(span);
  return trace_id && `${envUrl('JAEGER_UI_URL', 'http://127.0.0.1:16686')}/trace/${trace_id}`;
}
