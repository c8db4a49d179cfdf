// Topic and consumer group names, from the environment (defaults in .env.example).
import '../lib/env';

export const EVENTS_TOPIC = process.env.EVENTS_TOPIC || 'greetings.events';
export const DEAD_LETTER_TOPIC = process.env.DEAD_LETTER_TOPIC || `${EVENTS_TOPIC}.dead-letter`;
export const PROJECTOR_GROUP = process.env.PROJECTOR_GROUP || 'greetings-projector';
export const NOTIFIER_GROUP = process.env.NOTIFIER_GROUP || 'greetings-notifier';

/** Both topics, created up front by an admin call. */
export const TOPICS = [
  { topic: EVENTS_TOPIC, numPartitions: Number(process.env.EVENTS_PARTITIONS || 3) },
  { topic: DEAD_LETTER_TOPIC, numPartitions: 1 },
];
