// Starts the command API (port 3003): it creates the topics, then appends events.
import { Partitioners } from 'kafkajs';
import { envPort } from '../../lib/env';
import { startServer } from '../../lib/http';
import { createKafka, ensureTopics, retryUntilConnected } from '../../lib/kafka';
import { createLogger } from '../../lib/logger';
import { closeServer, onShutdown } from '../../lib/shutdown';
import { TOPICS } from '../topics';
import { createCommandApp } from './command-app';

const log = createLogger('command-api');
const kafka = createKafka('command-api', log);
// Idempotent: a retry after a lost acknowledgement does not append the event twice.
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });

const server = startServer(createCommandApp(log, producer), 'command-api', envPort('COMMAND_API_PORT', 3003), log);
onShutdown(log, () => closeServer(server), () => producer.disconnect());

await retryUntilConnected(log, async () => {
  await ensureTopics(kafka, TOPICS);
  await producer.connect();
});
log.info('connected to Kafka');
