// The events of step 03 and their validation, shared by both variants.
// One aggregate, a visitor (keyed by name); one event type, GreetingSent.
import { randomUUID } from 'node:crypto';
import { PoisonMessage } from '../lib/consume';
import { HttpError } from '../lib/http';
import { parseName } from '../lib/validate';

export interface GreetingSent {
  eventId: string;
  type: 'GreetingSent';
  aggregateId: string; // the visitor's name: the message key, so one visitor's events stay in order
  occurredAt: string;
  data: { name: string; lang: string };
}

export type GreetingEvent = GreetingSent;

export { PoisonMessage };

/** The command's body: { name, lang? } (lang: two lowercase letters, default en). */
export function parseCommand(body: unknown): { name: string; lang: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'body must be a JSON object');
  const { name, lang = 'en' } = body as { name?: unknown; lang?: unknown };
  if (typeof lang !== 'string' || !/^[a-z]{2}$/.test(lang)) throw new HttpError(400, 'lang must be a two-letter code like "es"');
  return { name: parseName(name), lang };
}

export function greetingSent(name: string, lang: string): GreetingSent {
  return { eventId: randomUUID(), type: 'GreetingSent', aggregateId: name, occurredAt: new Date().toISOString(), data: { name, lang } };
}

/** Parses a message value into an event, or throws PoisonMessage saying why not. */
export function parseEvent(value: Buffer | null): GreetingEvent {
  let event: Partial<GreetingSent>;
  try {
    event = JSON.parse(String(value ?? ''));
  } catch {
    throw new PoisonMessage('value is not JSON');
  }
  if (typeof event !== 'object' || event === null) throw new PoisonMessage('value is not a JSON object');
  if (event.type !== 'GreetingSent') throw new PoisonMessage(`unknown event type ${JSON.stringify(event.type)}`);
  const { eventId, aggregateId, data } = event;
  if (typeof eventId !== 'string' || typeof aggregateId !== 'string' || typeof data?.name !== 'string' || typeof data.lang !== 'string') {
    throw new PoisonMessage('missing fields: eventId, aggregateId, data.name and data.lang are required');
  }
  return event as GreetingSent;
}
