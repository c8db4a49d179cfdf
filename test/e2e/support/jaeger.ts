// Reads traces back from Jaeger's HTTP API (the query service's /api, as the UI does).
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

export const JAEGER_QUERY_URL = process.env.JAEGER_QUERY_URL || 'http://127.0.0.1:16686';

export interface KeyValue {
  key: string;
  type: string;
  value: unknown;
}
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }[];
  startTime: number; // microseconds
  duration: number;
  tags: KeyValue[];
  logs: { timestamp: number; fields: KeyValue[] }[];
  processID: string;
  /** Filled in by fetchTrace from the trace's processes. */
  serviceName: string;
}
export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: KeyValue[] }>;
}

async function api<T>(path: string): Promise<T | undefined> {
  const res = await fetch(`${JAEGER_QUERY_URL}${path}`);
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`Jaeger ${path}: HTTP ${res.status}`);
  return ((await res.json()) as { data: T }).data;
}

function withServiceNames(trace: JaegerTrace): JaegerTrace {
  for (const span of trace.spans) span.serviceName = trace.processes[span.processID]?.serviceName ?? '?';
  return trace;
}

export async function fetchTrace(traceId: string): Promise<JaegerTrace | undefined> {
  const [trace] = (await api<JaegerTrace[]>(`/api/traces/${traceId.padStart(16, '0')}`)) ?? [];
  return trace && withServiceNames(trace);
}

export interface TraceQuery {
  service: string;
  operation?: string;
  tags?: Record<string, string | number | boolean>;
  /** Only traces that started after this time (ms since epoch). */
  since?: number;
  limit?: number;
}

export async function findTraces(q: TraceQuery): Promise<JaegerTrace[]> {
  const params = new URLSearchParams({ service: q.service, limit: String(q.limit ?? 100) });
  if (q.operation) params.set('operation', q.operation);
  if (q.tags) params.set('tags', JSON.stringify(q.tags));
  if (q.since) params.set('start', String(q.since * 1000));
  return ((await api<JaegerTrace[]>(`/api/traces?${params}`)) ?? []).map(withServiceNames);
}

export async function services(): Promise<string[]> {
  return (await api<string[]>('/api/services')) ?? [];
}

/** Polls until check passes on the value get returns; spans reach Jaeger a little later. */
export async function eventually<T>(get: () => Promise<T>, check: (value: T) => boolean, what: string, ms = 15_000): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const value = await get();
    if (check(value)) return value;
    if (performance.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}; last seen: ${JSON.stringify(value)?.slice(0, 2000)}`);
    await sleep(250);
  }
}

/** Waits for a trace by id until it has at least minSpans spans. */
export function waitForTrace(traceId: string, minSpans = 1, ms?: number): Promise<JaegerTrace> {
  return eventually(
    () => fetchTrace(traceId),
    (t) => !!t && t.spans.length >= minSpans,
    `trace ${traceId} with ${minSpans} spans`,
    ms,
  ) as Promise<JaegerTrace>;
}

/** Waits for traces of a service matching the query until there are at least count. */
export function waitForTraces(q: TraceQuery, count = 1, ms?: number): Promise<JaegerTrace[]> {
  return eventually(() => findTraces(q), (ts) => ts.length >= count, `${count} trace(s) of ${JSON.stringify(q)}`, ms);
}

export const tag = (span: JaegerSpan, key: string): unknown => span.tags.find((t) => t.key === key)?.value;

/** The one span of a service with that operation name. */
export function spanOf(trace: JaegerTrace, service: string, operation: string): JaegerSpan {
  const found = trace.spans.filter((s) => s.serviceName === service && s.operationName === operation);
  assert.equal(found.length, 1, `one ${service} "${operation}" span in ${describe(trace)}`);
  return found[0]!;
}

export function assertChildOf(child: JaegerSpan, parent: JaegerSpan): void {
  assert.deepEqual(
    child.references.map((r) => [r.refType, r.spanID]),
    [['CHILD_OF', parent.spanID]],
    `${child.serviceName} ${child.operationName} is a child of ${parent.serviceName} ${parent.operationName}`,
  );
}

export function assertFollowsFrom(span: JaegerSpan, cause: JaegerSpan): void {
  assert.ok(
    span.references.some((r) => r.refType === 'FOLLOWS_FROM' && r.spanID === cause.spanID),
    `${span.serviceName} ${span.operationName} follows from ${cause.serviceName} ${cause.operationName}`,
  );
}

/** Asserts a chain of spans, root first, each a child of the one before. */
export function assertParentChain(...chain: JaegerSpan[]): void {
  assert.deepEqual(chain[0]?.references, [], `${chain[0]?.operationName} is the root`);
  for (let i = 1; i < chain.length; i++) assertChildOf(chain[i]!, chain[i - 1]!);
}

export function assertTags(span: JaegerSpan, expected: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(expected)) assert.equal(tag(span, key), value, `tag ${key} of ${span.operationName}`);
}

export const describe = (trace: JaegerTrace) =>
  trace.spans.map((s) => `${s.serviceName}:${s.operationName}`).join(', ');
