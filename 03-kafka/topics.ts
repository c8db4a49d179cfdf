// Topic and consumer group names, from the environment (defaults in .env.example).
import { envNumber, envString } from '../lib/env';

export const EVENTS_TOPIC = envString('EVENTS_TOPIC', 'greetings.events');
export const DEAD_LETTER_TOPIC = envString('DEAD_LETTER_TOPIC', `${EVENTS_TOPIC}.dead-letter`);
export const PROJECTOR_GROUP = envString('PROJECTOR_GROUP', 'greetings-projector');
export const NOTIFIER_GROUP = envString('NOTIFIER_GROUP', 'greetings-notifier');

/** Both topics, created up front by an admin call. */
export const TOPICS = [
  { topic: EVENTS_TOPIC, numPartitions: envNumber('EVENTS_PARTITIONS', 3, { min: 1, max: 1000, integer: true }) },
  { topic: DEAD_LETTER_TOPIC, numPartitions: 1 },
];
