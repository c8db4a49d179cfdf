// The step's processes read .env (lib/env.ts): so does the runner, or it would wait on the wrong ports.
import { envBrokers, envPort } from '../lib/env';

// What each step runs: its servers (waited for on their ports), then its client.
export interface Step {
  /** Servers are waited for on their port; a consumer without one is just started. */
  servers: { name: string; file: string; port?: number }[];
  client: string;
  /** Infrastructure the step cannot run without, checked before anything starts. */
  needs?: { name: string; host: string; port: number; start: string }[];
  /**
   * Infrastructure the step runs without, losing only spans (Jaeger) or searchable logs
   * (Elasticsearch, fed by Logstash): `npm run doctor` warns when one is away.
   */
  uses: ('jaeger' | 'elasticsearch' | 'logstash')[];
  /** Step 04 samples remotely: the agent must serve this service's per-operation strategy. */
  remoteSampling?: { service: string };
  /** The services one trace of the tracing variant crosses: `npm run rehearse` looks for them in Jaeger. */
  traceServices: string[];
}

const port = envPort;

function kafka() {
  const [host = '127.0.0.1', brokerPort = '9092'] = envBrokers()[0]!.split(':');
  return {
    name: 'Kafka',
    host,
    port: Number(brokerPort),
    start: '`docker compose -f docker-compose.kafka.yml up -d` or `npm run infra:local -- up kafka`',
  };
}

export const steps: Record<string, Step> = {
  '01-http-simple': {
    servers: [{ name: 'hello-server', file: 'server.ts', port: port('HELLO_SERVER_PORT', 3000) }],
    client: 'client.ts',
    uses: ['jaeger', 'logstash'],
    traceServices: ['hello-client', 'hello-server'],
  },
  '02-http-distributed': {
    servers: [
      { name: 'translation-service', file: 'translation-service.ts', port: port('TRANSLATION_SERVICE_PORT', 3002) },
      { name: 'hello-service', file: 'hello-service.ts', port: port('HELLO_SERVICE_PORT', 3001) },
    ],
    client: 'client.ts',
    uses: ['jaeger', 'elasticsearch', 'logstash'],
    traceServices: ['hello-client', 'hello-service', 'translation-service'],
  },
  '03-kafka': {
    servers: [
      { name: 'command-api', file: 'command-api.ts', port: port('COMMAND_API_PORT', 3003) },
      { name: 'projector', file: 'projector.ts', port: port('QUERY_API_PORT', 3004) },
      { name: 'notifier', file: 'notifier.ts' },
    ],
    client: 'producer.ts',
    needs: [kafka()],
    uses: ['jaeger', 'elasticsearch', 'logstash'],
    traceServices: ['producer', 'command-api', 'projector', 'notifier'],
  },
  '04-real-life': {
    servers: [
      { name: 'customer-service', file: 'customer-service.ts', port: port('CUSTOMERS_PORT', 3011) },
      { name: 'translation-service', file: 'translation-service.ts', port: port('TRANSLATIONS_PORT', 3012) },
      { name: 'edge', file: 'edge.ts', port: port('EDGE_PORT', 3010) },
      { name: 'stats', file: 'stats.ts', port: port('STATS_PORT', 3013) },
      { name: 'delivery', file: 'delivery.ts' },
    ],
    client: 'client.ts',
    needs: [kafka()],
    uses: ['jaeger', 'elasticsearch', 'logstash'],
    remoteSampling: { service: 'edge' },
    traceServices: ['greeting-client', 'edge', 'customer-service', 'translation-service', 'delivery', 'stats'],
  },
};
