// Starts the edge (port 3010): it creates the topics, then takes orders.
import axios from 'axios';
import { envMs, envPort, envUrl } from '../../lib/env';
import { startServer } from '../../lib/http';
import { createKafka, ensureTopics, idempotentProducer, retryUntilConnected } from '../../lib/kafka';
import { createLogger } from '../../lib/logger';
import { closeServer, onShutdown } from '../../lib/shutdown';
import { closeTracer, initTracer } from '../../lib/tracer';
import { traceAxios } from '../../lib/tracing';
import { remoteSampler } from '../sampling';
import { TOPICS } from '../topics';
import { createEdgeApp } from './edge-app';

const log = createLogger('edge');
const tracer = initTracer('edge', log, { sampler: remoteSampler() });
const customers = axios.create({ baseURL: envUrl('CUSTOMERS_URL', 'http://127.0.0.1:3011'), timeout: 2000 });
const translations = axios.create({ baseURL: envUrl('TRANSLATIONS_URL', 'http://127.0.0.1:3012'), timeout: envMs('TRANSLATIONS_TIMEOUT_MS', 2000) });
traceAxios(customers, tracer, 'customer-service');
traceAxios(translations, tracer, 'translation-service');
const kafka = createKafka('edge', log);
const producer = idempotentProducer(kafka);

const app = createEdgeApp(log, tracer, customers, translations, producer);
const server = startServer(app, 'edge', envPort('EDGE_PORT', 3010), log);
onShutdown(log, () => closeServer(server), () => producer.disconnect(), () => closeTracer(tracer));

await retryUntilConnected(log, async () => {
  await ensureTopics(kafka, TOPICS);
  await producer.connect();
});
log.info('connected to Kafka');
