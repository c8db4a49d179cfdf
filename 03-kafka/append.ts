// Appends an event to the events topic, keyed by its aggregate so that one visitor's
// events keep their order. Kafka down is a clean 503 for the caller.
import type { Producer } from 'kafkajs';
import { HttpError } from '../lib/http';
import type { GreetingEvent } from './events';
import { EVENTS_TOPIC } from './topics';

export async function append(producer: Producer, event: GreetingEvent, headers: Record<string, string> = {}): Promise<void> {
  try {
    await producer.send({ topic: EVENTS_TOPIC, messages: [{ key: event.aggregateId, value: JSON.stringify(event), headers }] });
  } catch (err) {
    throw new HttpError(503, `Kafka unavailable: ${(err as Error).message}`);
  }
}
