// Checks of the infrastructure a step talks to. Kafka is a must for 03 and 04; without Jaeger,
// Elasticsearch or Logstash a step still runs, it only loses spans or searchable logs (warnings).
import { Kafka, logLevel } from 'kafkajs';
import { fail, get, getJson, listening, pass, reason, warn, type Result } from './result';

export const START = {
  kafka: '`docker compose -f docker-compose.kafka.yml up -d`, or `npm run infra:local -- up kafka`',
  jaeger: '`docker compose -f docker-compose.jaeger.yml up -d`, or `npm run infra:local -- up jaeger`',
  production:
    '`npm run infra:local -- up production`, or in 04-real-life/: `docker compose up -d --wait kafka elasticsearch jaeger-collector jaeger-agent jaeger-ingester jaeger-query`',
  elasticsearch: '`docker compose -f docker-compose.elk.yml up -d`, or `npm run infra:local -- up elasticsearch`',
  logstash: '`docker compose -f docker-compose.elk.yml up -d` (with Docker only), or set LOGSTASH_URL= in .env',
};

/** A metadata request: a broker that accepts connections but cannot answer fails too. */
export async function kafka(brokers: string[], start = START.kafka): Promise<Result> {
  const client = new Kafka({
    clientId: 'doctor',
    brokers,
    connectionTimeout: 3000,
    requestTimeout: 3000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = client.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return pass('Kafka', `${brokers.join(',')} answers (${cluster.brokers.length} broker${cluster.brokers.length === 1 ? '' : 's'})`);
  } catch (err) {
    return fail('Kafka', `not reachable at ${brokers.join(',')} (${(err as Error).message})`, start);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** Any other must-have service: something listens on host:port. */
export async function tcp(name: string, host: string, port: number, start: string): Promise<Result> {
  if (await listening(port, host)) return pass(name, `${host}:${port} accepts connections`);
  return fail(name, `not reachable at ${host}:${port}`, start);
}

export async function jaegerQuery(url: string, start = START.jaeger): Promise<Result> {
  const label = 'Jaeger query API';
  const away = 'tracing still works, but no span is kept';
  try {
    const { status, json } = await getJson<{ data?: string[] }>(`${url}/api/services`);
    if (status === 200 && Array.isArray(json?.data)) return pass(label, `${url}/api/services answers (${json.data.length} services)`);
    return warn(label, `${url}/api/services answered HTTP ${status}, not Jaeger's service list: ${away}`, start);
  } catch (err) {
    return warn(label, `not reachable at ${url} (${reason(err)}): ${away}`, start);
  }
}

/**
 * UDP cannot be probed reliably, but the agent (or the all-in-one) that takes spans on 6832
 * also serves sampling strategies on 5778: if that answers, it is running. With JAEGER_ENDPOINT
 * set, spans go to the collector over HTTP instead.
 */
export async function jaegerAgent(samplingHostPort: string, endpoint?: string, start = START.jaeger): Promise<Result> {
  if (endpoint) {
    try {
      await get(endpoint);
      return pass('Jaeger collector', `${endpoint} answers (JAEGER_ENDPOINT: spans go there over HTTP)`);
    } catch (err) {
      return warn('Jaeger collector', `JAEGER_ENDPOINT ${endpoint} not reachable (${reason(err)}): spans are dropped`, start);
    }
  }
  const label = 'Jaeger agent';
  try {
    const { status } = await get(`http://${samplingHostPort}/sampling?service=doctor`);
    if (status === 200) return pass(label, `sampling endpoint ${samplingHostPort} answers: the agent is up (spans on UDP 6832)`);
    return warn(label, `sampling endpoint ${samplingHostPort} answered HTTP ${status}: is that a Jaeger agent?`, start);
  } catch (err) {
    return warn(label, `sampling endpoint ${samplingHostPort} not reachable (${reason(err)}): spans sent over UDP are lost`, start);
  }
}

interface Strategy {
  operationSampling?: { perOperationStrategies?: unknown[] };
}

/** Step 04 samples remotely: the agent must serve the step's strategies file, per operation. */
export async function samplingStrategy(samplingHostPort: string, service: string, start = START.production): Promise<Result> {
  const label = 'sampling strategy';
  const url = `http://${samplingHostPort}/sampling?service=${encodeURIComponent(service)}`;
  try {
    const { status, json } = await getJson<Strategy>(url);
    const rules = json?.operationSampling?.perOperationStrategies?.length;
    if (status === 200 && json?.operationSampling) return pass(label, `${service}: per-operation rules (${rules ?? 0}) from the strategies file`);
    return warn(
      label,
      `${service}: ${status === 200 ? 'no per-operation rules' : `HTTP ${status}`}; Jaeger runs without 04-real-life/jaeger/sampling-strategies.json`,
      start,
    );
  } catch (err) {
    return warn(label, `${url} not reachable (${reason(err)}): the remote sampler keeps every trace, no per-operation rules`, start);
  }
}

const answers = async (url: string) => get(url).then(({ status }) => status < 500, () => false);

/**
 * Step 04 runs on either Jaeger; say which. Both answer on the collector admin port 14269;
 * only the production pipeline has an ingester (admin 14270).
 */
export async function jaegerDeployment(host: string, queryUrl: string, ports = { collector: 14269, ingester: 14270 }): Promise<Result> {
  const label = 'Jaeger deployment';
  const [collector, ingester, query] = await Promise.all([
    answers(`http://${host}:${ports.collector}/`),
    answers(`http://${host}:${ports.ingester}/`),
    answers(`${queryUrl}/api/services`),
  ]);
  if (collector && ingester) return pass(label, `production: collector (admin ${ports.collector}) -> Kafka -> ingester (admin ${ports.ingester})`);
  if (ingester) return warn(label, `an ingester (admin ${ports.ingester}) but no collector on ${ports.collector}: no span is collected`, START.production);
  if (collector && query) return pass(label, `all-in-one (no ingester on ${ports.ingester}): fine for step 04, spans skip Kafka and Elasticsearch`);
  if (collector) return warn(label, `a collector on ${ports.collector} but no query API at ${queryUrl}: spans cannot be seen`, START.production);
  return warn(label, `neither the production Jaeger nor the all-in-one is running (nothing on ${ports.collector})`, START.production);
}

export async function elasticsearch(url: string, start = START.elasticsearch): Promise<Result> {
  const label = 'Elasticsearch';
  try {
    const { status, json } = await getJson<{ status?: string; number_of_nodes?: number }>(`${url}/_cluster/health`);
    if (status === 200 && (json?.status === 'green' || json?.status === 'yellow')) return pass(label, `${url} is ${json.status}`);
    return warn(label, `${url}/_cluster/health answered HTTP ${status}${json?.status ? ` (${json.status})` : ''}: logs are not searchable`, start);
  } catch (err) {
    return warn(label, `not reachable at ${url} (${reason(err)}): logs stay on the console, Kibana finds nothing`, start);
  }
}

/** Optional: without it the apps say once that it is away and log to the console only. */
export async function logstash(url: string, start = START.logstash): Promise<Result> {
  const label = 'Logstash';
  if (!url) return pass(label, 'LOGSTASH_URL is empty: logs go to the console only');
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return warn(label, `LOGSTASH_URL "${url}" is not a URL`, 'fix LOGSTASH_URL in .env');
  }
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  if (await listening(port, target.hostname)) return pass(label, `${url} accepts connections`);
  return warn(label, `optional, not reachable at ${url}: the apps say so once and log to the console only`, start);
}
