// Step 04's one event, GreetingOrdered, and the order that causes it. The event carries
// no customer tier: the delivery consumer learns it from the trace's baggage, or not at all.
import { randomUUID } from 'node:crypto';
import { PoisonMessage } from '../lib/consume';
import { HttpError } from '../lib/http';
import { parseName } from '../lib/validate';
import { parseLang } from '../02-http-distributed/translations';
import { parseCustomerId } from './customers';

export interface Order {
  customer: string;
  name: string;
  lang: string;
}

export interface GreetingOrdered {
  eventId: string;
  type: 'GreetingOrdered';
  aggregateId: string; // the customer: the message key, so one customer's orders stay in order
  occurredAt: string;
  data: Order & { greeting: string };
}

/** The body of POST /greetings: { customer, name, lang? } (lang defaults to en). */
export function parseOrder(body: unknown): Order {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'body must be a JSON object');
  const { customer, name, lang } = body as Record<string, unknown>;
  return { customer: parseCustomerId(customer), name: parseName(name), lang: parseLang(lang) };
}

export function greetingOrdered(order: Order, greeting: string): GreetingOrdered {
  return { eventId: randomUUID(), type: 'GreetingOrdered', aggregateId: order.customer, occurredAt: new Date().toISOString(), data: { ...order, greeting } };
}

/** Parses a message value into an event, or throws PoisonMessage saying why not. */
export function parseOrderEvent(value: Buffer | null): GreetingOrdered {
  let event: Partial<GreetingOrdered>;
  try {
    event = JSON.parse(String(value ?? ''));
  } catch {
    throw new PoisonMessage('value is not JSON');
  }
  if (typeof event !== 'object' || event === null) throw new PoisonMessage('value is not a JSON object');
  if (event.type !== 'GreetingOrdered') throw new PoisonMessage(`unknown event type ${JSON.stringify(event.type)}`);
  const { eventId, aggregateId, data } = event;
  if (typeof eventId !== 'string' || typeof aggregateId !== 'string' || typeof data?.name !== 'string' || typeof data.lang !== 'string' || typeof data.greeting !== 'string') {
    throw new PoisonMessage('missing fields: eventId, aggregateId, data.name, data.lang and data.greeting are required');
  }
  return event as GreetingOrdered;
}

/** What an old producer still writes: a v1 event no consumer reads any more (a poison message). */
export const legacyOrder = (customer: string, name: string) => ({ type: 'GreetingRequested', version: 1, customer, name });
