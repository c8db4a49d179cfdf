// The aggregation: per operation (calls, errors, latency percentiles) and the calls
// between services, derived from span references the way the System Architecture view
// shows them. Spans come in any order, so references are resolved once all are read.
import { isError, type Span } from './spans';

export interface OperationStats {
  service: string;
  operation: string;
  calls: number;
  errors: number;
  /** Milliseconds. */
  p50: number;
  p95: number;
  p99: number;
}

/**
 * Nearest rank: the smallest value with at least p% of the values at or below it. Always a
 * duration that really happened (no interpolation); Elasticsearch's percentiles estimate.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(rank, 1) - 1]!;
}

export function operationStats(spans: Iterable<Span>): OperationStats[] {
  const groups = new Map<string, { service: string; operation: string; durations: number[]; errors: number }>();
  for (const span of spans) {
    const key = JSON.stringify([span.service, span.operationName]);
    const group = groups.get(key) ?? { service: span.service, operation: span.operationName, durations: [], errors: 0 };
    group.durations.push(span.durationMicros / 1000);
    if (isError(span)) group.errors += 1;
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ service, operation, durations, errors }) => {
      const sorted = durations.sort((a, b) => a - b);
      return { service, operation, calls: sorted.length, errors, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
    })
    .sort((a, b) => a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation));
}

/** A synchronous call is a CHILD_OF reference (HTTP here); a message is FOLLOWS_FROM. */
export type Via = 'http' | 'kafka';

/** One call from a span in one service to a span in another. */
export interface Call {
  parent: string;
  child: string;
  via: Via;
  /** The child span's start, for the daily dependency documents. */
  time: Date;
}

export interface Link {
  parent: string;
  child: string;
  via: Via;
  calls: number;
}

export const spanKey = (traceId: string, spanId: string) => `${traceId}/${spanId}`;

/**
 * Every reference whose span is in another service is a call. A reference to a span we
 * never saw (not sampled, not flushed yet, or expired from the topic) is only counted.
 */
export function callsBetweenServices(spans: Iterable<Span>): { calls: Call[]; unknownReferences: number } {
  const all = [...spans];
  const serviceOf = new Map(all.map((span) => [spanKey(span.traceId, span.spanId), span.service]));
  const calls: Call[] = [];
  let unknownReferences = 0;
  for (const span of all) {
    for (const ref of span.references) {
      const parent = serviceOf.get(spanKey(ref.traceId, ref.spanId));
      if (parent === undefined) unknownReferences += 1;
      else if (parent !== span.service) {
        calls.push({ parent, child: span.service, via: ref.refType === 'FOLLOWS_FROM' ? 'kafka' : 'http', time: span.startTime });
      }
    }
  }
  return { calls, unknownReferences };
}

export function links(calls: readonly Call[]): Link[] {
  const counted = new Map<string, Link>();
  for (const { parent, child, via } of calls) {
    const key = JSON.stringify([parent, child, via]);
    const link = counted.get(key) ?? { parent, child, via, calls: 0 };
    link.calls += 1;
    counted.set(key, link);
  }
  return [...counted.values()].sort((a, b) => a.parent.localeCompare(b.parent) || a.child.localeCompare(b.child) || a.via.localeCompare(b.via));
}
