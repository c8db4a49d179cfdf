// The few calls `npm run trace` makes to Jaeger's HTTP API (the query service's /api, the
// one the UI reads), and the shape of what comes back. Failures become one-line messages.
import { request } from './http';

export interface ApiKeyValue {
  key: string;
  type?: string;
  value: unknown;
}
export interface ApiSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references?: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }[] | null;
  startTime: number; // microseconds since the epoch
  duration: number; // microseconds
  tags?: ApiKeyValue[] | null;
  logs?: { timestamp: number; fields: ApiKeyValue[] }[] | null;
  processID: string;
}
export interface ApiTrace {
  traceID: string;
  spans: ApiSpan[];
  processes: Record<string, { serviceName: string }>;
}

/** What the user did wrong or has to fix: printed as one line, never with a stack. */
export class TraceError extends Error {}

const START = 'start it with npm run infra:local -- up or docker compose -f docker-compose.jaeger.yml up -d';

async function get<T>(baseUrl: string, path: string, timeoutMs = 3000): Promise<{ status: number; data: T | null }> {
  let res: { status: number; body: unknown };
  try {
    res = await request(`${baseUrl.replace(/\/+$/, '')}${path}`, timeoutMs);
  } catch (err) {
    const e = err as NodeJS.ErrnoException; // ECONNREFUSED, ENOTFOUND... or our deadline
    throw new TraceError(`Jaeger is not reachable at ${baseUrl} (${e.code ?? e.message}): ${START}`);
  }
  if (res.status >= 300 && res.status !== 404) {
    throw new TraceError(`Jaeger at ${baseUrl} answered HTTP ${res.status} to ${path}: is JAEGER_QUERY_URL the address of Jaeger's query service (its UI port, 16686)?`);
  }
  return { status: res.status, data: (res.body as { data?: T | null } | null)?.data ?? null };
}

/** As the apps print them: 16 or 32 hex digits, maybe with its leading zeros dropped. */
export function normalizeTraceId(raw: string): string | undefined {
  const id = raw.trim().toLowerCase();
  if (!/^[0-9a-f]{1,32}$/.test(id)) return undefined;
  return id.padStart(id.length > 16 ? 32 : 16, '0');
}

export async function fetchTrace(baseUrl: string, traceId: string, timeoutMs?: number): Promise<ApiTrace> {
  const { data } = await get<ApiTrace[]>(baseUrl, `/api/traces/${traceId}`, timeoutMs);
  const trace = data?.[0];
  if (!trace?.spans.length) {
    throw new TraceError(`no trace ${traceId} in Jaeger at ${baseUrl}: check the id, or wait a second for its spans to arrive`);
  }
  return trace;
}

const startOf = (trace: ApiTrace) => Math.min(...trace.spans.map((s) => s.startTime));

/** The newest trace of a service from the last hour. */
export async function latestTrace(baseUrl: string, service: string, timeoutMs?: number): Promise<ApiTrace> {
  // The API ignores `lookback` (the UI turns it into `start`), so send both.
  const now = Date.now() * 1000;
  const params = new URLSearchParams({ service, limit: '20', lookback: '1h', start: String(now - 3_600_000_000), end: String(now) });
  const { data } = await get<ApiTrace[]>(baseUrl, `/api/traces?${params}`, timeoutMs);
  const traces = (data ?? []).filter((t) => t.spans.length);
  if (!traces.length) {
    const known = (await get<string[]>(baseUrl, '/api/services', timeoutMs)).data ?? [];
    throw new TraceError(`no traces of service "${service}" in the last hour; services in Jaeger: ${known.sort().join(', ') || 'none yet'}`);
  }
  return traces.reduce((newest, t) => (startOf(t) > startOf(newest) ? t : newest));
}
