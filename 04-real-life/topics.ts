// Step 04's topic and consumer groups, from the environment (defaults in .env.example).
import '../lib/env';

export const ORDERS_TOPIC = process.env.ORDERS_TOPIC || 'greetings.orders';
export const ORDERS_DEAD_LETTER_TOPIC = process.env.ORDERS_DEAD_LETTER_TOPIC || `${ORDERS_TOPIC}.dead-letter`;
export const DELIVERY_GROUP = process.env.DELIVERY_GROUP || 'delivery';
export const STATS_GROUP = process.env.STATS_GROUP || 'stats';

/** Both topics, created up front by an admin call. */
export const TOPICS = [
  { topic: ORDERS_TOPIC, numPartitions: Number(process.env.ORDERS_PARTITIONS || 3) },
  { topic: ORDERS_DEAD_LETTER_TOPIC, numPartitions: 1 },
];
