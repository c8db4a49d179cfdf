// The slow consumer, in its own group: delivers each greeting, express or standard.
import { consume, type ConsumerState } from '../../lib/consume';
import { createKafka, ensureTopics, retryUntilConnected } from '../../lib/kafka';
import { createLogger } from '../../lib/logger';
import { onShutdown } from '../../lib/shutdown';
import { JsonStore } from '../../lib/store';
import { parseOrderEvent } from '../orders';
import { DELIVERY_GROUP, ORDERS_DEAD_LETTER_TOPIC, ORDERS_TOPIC, TOPICS } from '../topics';
import { deliver } from './deliver';

type Deliveries = ConsumerState & { express: number; standard: number };

const log = createLogger('delivery');
const kafka = createKafka('delivery', log);
let delivery = { stop: async () => {} };
onShutdown(log, () => delivery.stop());

await retryUntilConnected(log, () => ensureTopics(kafka, TOPICS));
delivery = await consume({
  kafka,
  log,
  group: DELIVERY_GROUP,
  topic: ORDERS_TOPIC,
  deadLetterTopic: ORDERS_DEAD_LETTER_TOPIC,
  store: new JsonStore<Deliveries>(DELIVERY_GROUP),
  initial: () => ({ topic: ORDERS_TOPIC, positions: {}, express: 0, standard: 0 }),
  parse: parseOrderEvent,
  handle: async (order, state) => {
    await deliver(log, order, state);
  },
});
log.info(`delivering from ${ORDERS_TOPIC} as ${DELIVERY_GROUP}`);
