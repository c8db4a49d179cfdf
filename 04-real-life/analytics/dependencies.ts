// The service links as the documents Jaeger's Elasticsearch dependency store reads, so
// jaeger-query's /api/dependencies (the System Architecture view) shows them without Spark.
// Jaeger 1.62, plugin/storage/es/dependencystore/storage.go and dbmodel/model.go:
// - one index per UTC day, "jaeger-dependencies-" + date in the layout 2006-01-02
//   (options.go: dependencies always roll over daily, the separator defaults to "-");
// - GetDependencies searches the indices of the days in [endTs - lookback, endTs] with a
//   range query on the field `timestamp`, and appends the `dependencies` of every hit;
//   the query service then sums callCount per parent/child (http_handler.go).
// So a second run must replace its documents, not add to them: each UTC day gets one
// document with a fixed id, indexed with PUT (create or overwrite). Deleting by query first
// would also do, but it leaves the view empty between the delete and the write, and it
// would erase the days that have since expired from the Kafka topic.
import type { Call } from './stats';

export const DEPENDENCY_INDEX_PREFIX = 'jaeger-dependencies-';

/** dbmodel.TimeDependencies, field for field (Go's time.Time is an RFC 3339 string). */
export interface DependencyDocument {
  timestamp: string;
  dependencies: { parent: string; child: string; callCount: number }[];
}

export interface IndexedDocument {
  index: string;
  id: string;
  document: DependencyDocument;
}

const utcDay = (time: Date) => time.toISOString().slice(0, 10);

export const dependencyIndex = (time: Date) => DEPENDENCY_INDEX_PREFIX + utcDay(time);

/**
 * One document per UTC day of the calls (the child span's start). Its timestamp is now for
 * today (inside any lookback ending now) and the day's last millisecond for earlier days.
 */
export function dependencyDocuments(calls: readonly Call[], now: Date): IndexedDocument[] {
  const days = new Map<string, Map<string, { parent: string; child: string; callCount: number }>>();
  for (const { parent, child, time } of calls) {
    const day = utcDay(time);
    const links = days.get(day) ?? new Map();
    const key = JSON.stringify([parent, child]); // http and kafka calls add up, as in Jaeger
    const link = links.get(key) ?? { parent, child, callCount: 0 };
    link.callCount += 1;
    days.set(day, links.set(key, link));
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, links]) => {
      const endOfDay = new Date(`${day}T23:59:59.999Z`);
      return {
        index: DEPENDENCY_INDEX_PREFIX + day,
        id: `04-analytics-${day}`,
        document: {
          timestamp: (now < endOfDay ? now : endOfDay).toISOString(),
          dependencies: [...links.values()].sort((a, b) => a.parent.localeCompare(b.parent) || a.child.localeCompare(b.child)),
        },
      };
    });
}

/** Throws unless Elasticsearch answers (not GET /: the integration-test build lacks it). */
export async function checkElasticsearch(url: string): Promise<void> {
  const res = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(3000) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
}

/**
 * Jaeger creates no template for these indices (the Spark job brings its own): without one
 * a single node leaves them yellow (a replica with nowhere to go) and a mapping guess decides
 * what `timestamp` is. Ours: one shard, no replica, `timestamp` a date.
 */
async function ensureTemplate(url: string): Promise<void> {
  const res = await fetch(`${url}/_index_template/demo-jaeger-dependencies`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      index_patterns: [`${DEPENDENCY_INDEX_PREFIX}*`],
      template: { settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: { properties: { timestamp: { type: 'date' } } } },
    }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`Elasticsearch refused the dependencies template: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
}

/** PUT each document under its id: created the first time, replaced afterwards. */
export async function writeDependencies(url: string, documents: readonly IndexedDocument[]): Promise<void> {
  if (documents.length) await ensureTemplate(url);
  for (const { index, id, document } of documents) {
    // refresh=wait_for: the next /api/dependencies call already sees the new counts.
    const res = await fetch(`${url}/${index}/_doc/${id}?refresh=wait_for`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(document),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`Elasticsearch refused ${index}/_doc/${id}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  }
}
