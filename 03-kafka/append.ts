// Appends a GreetingSent event to the events topic, keyed by visitor (lib/kafka.ts).
import type { Producer } from 'kafkajs';
import { appendEvent } from '../lib/kafka';
import type { GreetingEvent } from './events';
import { EVENTS_TOPIC } from './topics';

export const append = (producer: Producer, event: GreetingEvent, headers: Record<string, string> = {}): Promise<void> =>
  appendEvent(producer, EVENTS_TOPIC, event, headers);
