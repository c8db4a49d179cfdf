// Kafka helpers for end-to-end tests: a client on the same env the apps use, topic clean-up.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import '../../../lib/kafka'; // its filter of kafkajs' negative-timer warning (Node 24)

export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');

export const kafka = (clientId = 'e2e') => new Kafka({ clientId, brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });

/** Every message on a topic, read from its beginning to its current end with a throwaway group. */
export async function topicMessages(topic: string): Promise<string[]> {
  const admin = kafka().admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = ends.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const values: string[] = [];
  if (!total) return values;
  const consumer = kafka().consumer({ groupId: `e2e-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        values.push(String(message.value));
        if (values.length >= total) resolve();
      },
    });
  });
  await consumer.disconnect();
  return values;
}

/** The spans of one trace that the collector wrote to jaeger-spans (its JSON has the trace id as base64 of 16 bytes). */
export function jaegerSpansOf(messages: string[], traceId: string): string[] {
  const id = Buffer.from(traceId.padStart(32, '0'), 'hex').toString('base64');
  return messages.filter((m) => (JSON.parse(m) as { traceId: string }).traceId === id);
}

/** Deletes the topics (if they exist) and creates them empty again. */
export async function cleanTopics(topics: string[], partitions = 1): Promise<void> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const stale = topics.filter((t) => existing.has(t));
    if (stale.length) await admin.deleteTopics({ topics: stale, timeout: 10_000 });
    // Deletion is asynchronous in the broker: retry creation until the old topic is gone.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: partitions })), waitForLeaders: true });
        return;
      } catch (err) {
        if (attempt > 40) throw err;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(topics: string[]): Promise<void> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const found = topics.filter((t) => existing.has(t));
    if (found.length) await admin.deleteTopics({ topics: found, timeout: 10_000 });
  } finally {
    await admin.disconnect();
  }
}

/** Step 03's environment with topics, groups and a state directory of its own. */
export function step03Env(extra: Record<string, string> = {}) {
  const id = randomUUID().slice(0, 8);
  return {
    EVENTS_TOPIC: `e2e-${id}.events`,
    DEAD_LETTER_TOPIC: `e2e-${id}.dead-letter`,
    PROJECTOR_GROUP: `e2e-${id}-projector`,
    NOTIFIER_GROUP: `e2e-${id}-notifier`,
    DATA_DIR: mkdtempSync(join(tmpdir(), `e2e-${id}-`)),
    NOTIFIER_DELAY_MS: '100',
    WAIT_TIMEOUT_MS: '45000',
    ...extra,
  };
}

/** Step 04's environment with topics, groups and a state directory of its own. */
export function step04Env(extra: Record<string, string> = {}) {
  const id = randomUUID().slice(0, 8);
  return {
    ORDERS_TOPIC: `e2e-${id}.orders`,
    ORDERS_DEAD_LETTER_TOPIC: `e2e-${id}.orders.dead-letter`,
    DELIVERY_GROUP: `e2e-${id}-delivery`,
    STATS_GROUP: `e2e-${id}-stats`,
    DATA_DIR: mkdtempSync(join(tmpdir(), `e2e-${id}-`)),
    DELIVERY_DELAY_MS: '100',
    WAIT_TIMEOUT_MS: '45000',
    JAEGER_REPORTER_LOG_SPANS: 'false',
    ...extra,
  };
}
