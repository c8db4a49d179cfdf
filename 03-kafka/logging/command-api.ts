// Starts the command API (port 3003): it creates the topics, then appends events.
import { envPort } from '../../lib/env';
import { startServer } from '../../lib/http';
import { createKafka, ensureTopics, idempotentProducer, retryUntilConnected } from '../../lib/kafka';
import { createLogger } from '../../lib/logger';
import { closeServer, onShutdown } from '../../lib/shutdown';
import { TOPICS } from '../topics';
import { createCommandApp } from './command-app';

const log = createLogger('command-api');
const kafka = createKafka('command-api', log);
const producer = idempotentProducer(kafka);

const server = startServer(createCommandApp(log, producer), 'command-api', envPort('COMMAND_API_PORT', 3003), log);
onShutdown(log, () => closeServer(server), () => producer.disconnect());

await retryUntilConnected(log, async () => {
  await ensureTopics(kafka, TOPICS);
  await producer.connect();
});
log.info('connected to Kafka');
