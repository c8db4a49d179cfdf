// The fast consumer: counts greetings per language and customer, served on port 3013.
import { consume, type ConsumerState } from '../../lib/consume';
import { envPort } from '../../lib/env';
import { startServer } from '../../lib/http';
import { createKafka, ensureTopics, retryUntilConnected } from '../../lib/kafka';
import { createLogger } from '../../lib/logger';
import { closeServer, onShutdown } from '../../lib/shutdown';
import { JsonStore } from '../../lib/store';
import { parseOrderEvent } from '../orders';
import { count, emptyStats, type Stats } from '../stats-model';
import { ORDERS_DEAD_LETTER_TOPIC, ORDERS_TOPIC, STATS_GROUP, TOPICS } from '../topics';
import { createStatsApp } from './stats-app';

type Projection = ConsumerState & Stats;
const initial = (): Projection => ({ topic: ORDERS_TOPIC, positions: {}, ...emptyStats() });

const log = createLogger('stats');
const kafka = createKafka('stats', log);
let projection = { state: initial, stop: async () => {} };

const server = startServer(createStatsApp(log, () => projection.state()), 'stats', envPort('STATS_PORT', 3013), log);
onShutdown(log, () => closeServer(server), () => projection.stop());

await retryUntilConnected(log, () => ensureTopics(kafka, TOPICS));
projection = await consume({
  kafka,
  log,
  group: STATS_GROUP,
  topic: ORDERS_TOPIC,
  deadLetterTopic: ORDERS_DEAD_LETTER_TOPIC,
  store: new JsonStore<Projection>(STATS_GROUP),
  initial,
  parse: parseOrderEvent,
  handle: async (order, state) => {
    count(state, order);
    log.info('counted', { lang: order.data.lang, greetings: state.greetings });
  },
});
log.info(`counting ${ORDERS_TOPIC} as ${STATS_GROUP}`);
