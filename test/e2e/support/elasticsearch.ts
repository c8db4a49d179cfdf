// Elasticsearch through its REST API, with the index template the ELK compose set-up installs.
import { readFileSync } from 'node:fs';

export const ELASTICSEARCH_URL = process.env.ELASTICSEARCH_URL || 'http://127.0.0.1:9200';

export async function es<T = Record<string, unknown>>(path: string, method = 'GET', body?: unknown, contentType = 'application/json'): Promise<T> {
  const res = await fetch(`${ELASTICSEARCH_URL}/${path}`, {
    method,
    headers: { 'content-type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`Elasticsearch ${method} ${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Installs elk/elasticsearch/index-template.json as elk/setup/setup.sh does. */
export async function installDemoTemplate(): Promise<void> {
  const template = readFileSync(new URL('../../../elk/elasticsearch/index-template.json', import.meta.url), 'utf8');
  await es('_index_template/demo-logs', 'PUT', template);
}

/** What the Logstash pipeline does with each event: index it into demo-logs-<day of @timestamp>. */
export async function indexLikeLogstash(events: Record<string, unknown>[], prefix = 'demo-logs-'): Promise<void> {
  const lines = events.flatMap((event) => {
    const day = String(event['@timestamp']).slice(0, 10).replaceAll('-', '.');
    return [JSON.stringify({ index: { _index: `${prefix}${day}` } }), JSON.stringify(event)];
  });
  const result = await es<{ errors: boolean; items: unknown[] }>('_bulk?refresh=true', 'POST', `${lines.join('\n')}\n`, 'application/x-ndjson');
  if (result.errors) throw new Error(`bulk indexing failed: ${JSON.stringify(result.items).slice(0, 2000)}`);
}
