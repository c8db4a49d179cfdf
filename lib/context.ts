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

// Ids as Jaeger's UI and API print them, so an id copied from the UI finds the logs: 16 hex
// digits when the upper 64 bits are zero, else 32. jaeger-client drops leading zeros (pad them);
// OpenTelemetry continues a 64-bit jaeger-client trace as 16 zeros + the same 16 digits (drop them).
const padId = (id: string) => {
  const digits = id.replace(/^0+(?=.)/, '');
  return digits.padStart(digits.length > 16 ? 32 : 16, '0');
};

/** A link to the active trace in the Jaeger UI (JAEGER_UI_URL, default http://127.0.0.1:16686). */
export function jaegerLink(span = activeSpan()): string | undefined {
  const { trace_id } = traceFields(span);
  return trace_id && `${envUrl('JAEGER_UI_URL', 'http://127.0.0.1:16686')}/trace/${trace_id}`;
}
