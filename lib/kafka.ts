// kafkajs set-up shared by the Kafka steps: brokers from KAFKA_BROKERS, kafkajs' own logs
// routed to winston at debug level (failures are reported by the code, once, in plain words).
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, Partitioners, type ITopicConfig, type LogEntry, type Producer } from 'kafkajs';
import { envBrokers, envMs } from './env';
import { HttpError } from './http';
import type { Logger } from './logger';

export const brokers = () => envBrokers();


// kafkajs 2.2.4 arms a timer with a negative delay (its request queue's throttledUntil starts
// at -1: tulios/kafkajs#1751). Node clamps it to 1 ms, as it always did, but since Node 23
// prints a TimeoutNegativeWarning on the presenter's screen. Drop that warning, and only when
// it comes from kafkajs' request queue; every other warning goes through.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
  if (type === 'TimeoutNegativeWarning' && new Error().stack?.includes('kafkajs/src/network/requestQueue')) return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

export function createKafka(clientId: string, log: Logger): Kafka {
  return new Kafka({
    clientId,
    brokers: brokers(),
    connectionTimeout: 3000,
    retry: { initialRetryTime: 300, retries: 5 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => log.debug(`kafkajs: ${entry.log.message}`, { namespace: entry.namespace }),
  });
}

/** One line saying Kafka is missing and how to start it. */
export function kafkaUnreachable(err: unknown): string {
  return (
    `Kafka is not reachable at ${brokers().join(',')} (${(err as Error).message}): start it with ` +
    '`docker compose -f docker-compose.kafka.yml up -d` or `npm run infra:local -- up kafka`'
  );
}

/** A connection that failed, as opposed to an answer from Kafka (kafkajs wraps its causes). */
function connectionFailed(err: unknown): boolean {
  const e = err as { name?: string; originalError?: unknown; cause?: unknown } | undefined;
  if (!e) return false;
  return /Connection|BrokerNotFound/.test(e.name ?? '') || connectionFailed(e.originalError) || connectionFailed(e.cause);
}

/** One line for a Kafka failure: unreachable (and how to start it), or what Kafka answered. */
export function describeKafkaError(err: unknown): string {
  return connectionFailed(err) ? kafkaUnreachable(err) : `Kafka at ${brokers().join(',')} answered: ${(err as Error).message}`;
}

// kafkajs 2.2.4's idempotent producer must not send before it has connected: a send that
// starts while connect() is still getting its producer id fails with "Cannot read properties
// of undefined (reading 'release')" (its broker lock is taken uninitialised, released
// initialised). Seen right after Kafka started, when the first command came in early.
const connected = new WeakMap<Producer, Promise<void>>();

/** An idempotent producer (a retry after a lost acknowledgement is not appended twice). */
export function idempotentProducer(kafka: Kafka): Producer {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  // Ready when connect() has resolved, producer id included (its CONNECT event comes before that).
  const connect = producer.connect.bind(producer);
  let ready = () => {};
  connected.set(producer, new Promise<void>((resolve) => (ready = resolve)));
  producer.connect = async () => {
    await connect();
    ready();
  };
  return producer;
}

/**
 * Appends an event, keyed by its aggregate so that one aggregate's events keep their order.
 * Kafka down, or not connected yet after a few seconds, is a clean 503 for the caller.
 */
export async function appendEvent(producer: Producer, topic: string, event: { aggregateId: string }, headers: Record<string, string> = {}): Promise<void> {
  const ready = connected.get(producer);
  if (ready && !(await Promise.race([ready.then(() => true), sleep(envMs('KAFKA_CONNECT_WAIT_MS', 5000), false)]))) {
    throw new HttpError(503, `Kafka unavailable: not connected to ${brokers().join(',')} yet`);
  }
  try {
    await producer.send({ topic, messages: [{ key: event.aggregateId, value: JSON.stringify(event), headers }] });
  } catch (err) {
    throw new HttpError(503, `Kafka unavailable: ${(err as Error).message}`);
  }
}

/** Creates the topics that do not exist yet (an admin call, not auto-creation). */
export async function ensureTopics(kafka: Kafka, topics: ITopicConfig[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length) await admin.createTopics({ topics: missing, waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** Retries fn until it succeeds, saying once that Kafka is missing (servers wait, CLIs do not). */
export async function retryUntilConnected<T>(log: Logger, fn: () => Promise<T>, everyMs = 5000): Promise<T> {
  for (let said = false; ; said = true) {
    try {
      return await fn();
    } catch (err) {
      if (!said) log.warn(`${kafkaUnreachable(err)}; retrying every ${everyMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}
