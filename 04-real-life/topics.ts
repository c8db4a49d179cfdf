// Step 04's topic and consumer groups, from the environment (defaults in .env.example).
import { envNumber, envString } from '../lib/env';

export const ORDERS_TOPIC = envString('ORDERS_TOPIC', 'greetings.orders');
export const ORDERS_DEAD_LETTER_TOPIC = envString('ORDERS_DEAD_LETTER_TOPIC', `${ORDERS_TOPIC}.dead-letter`);
export const DELIVERY_GROUP = envString('DELIVERY_GROUP', 'delivery');
export const STATS_GROUP = envString('STATS_GROUP', 'stats');

/** Both topics, created up front by an admin call. */
export const TOPICS = [
  { topic: ORDERS_TOPIC, numPartitions: envNumber('ORDERS_PARTITIONS', 3, { min: 1, max: 1000, integer: true }) },
  { topic: ORDERS_DEAD_LETTER_TOPIC, numPartitions: 1 },
];
