// Reads the spans topic from the beginning, up to where it ended when we started (or on and
// on with follow). It must not disturb anyone: a fresh consumer group per run, no offsets
// committed, the group deleted afterwards. kafkajs has no group-less consumer.
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import type { Kafka } from 'kafkajs';

export interface PartitionRange {
  partition: number;
  /** The first offset still in the topic, and the offset the next message will get. */
  low: number;
  high: number;
}

/**
 * Throws unless one broker accepts a TCP connection. kafkajs would retry for ten seconds
 * before saying so; on stage we want the answer at once.
 */
export async function probeBrokers(brokers: string[], timeoutMs = 2000): Promise<void> {
  const errors = await Promise.all(
    brokers.map(
      (broker) =>
        new Promise<string | null>((resolve) => {
          const [host = '127.0.0.1', port = '9092'] = broker.split(':');
          const socket = connect({ host, port: Number(port), timeout: timeoutMs });
          socket.once('connect', () => {
            socket.end();
            resolve(null);
          });
          socket.once('timeout', () => {
            socket.destroy();
            resolve(`no answer in ${timeoutMs / 1000} s`);
          });
          socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
        }),
    ),
  );
  if (errors.every(Boolean)) throw new Error([...new Set(errors)].join(', '));
}

/** Each partition's range now; none when the topic does not exist (we do not create it). */
export async function topicRanges(kafka: Kafka, topic: string): Promise<PartitionRange[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.map(({ partition, low, high }) => ({ partition, low: Number(low), high: Number(high) }));
  } finally {
    await admin.disconnect();
  }
}

export interface TopicReader {
  /** Resolves when every partition has been read up to its starting end. */
  caughtUp: Promise<void>;
  /** Resolves with the error if the consumer stops on its own (Kafka gone, say). */
  crashed: Promise<unknown>;
  stop(): Promise<void>;
}

type OnMessage = (value: Buffer | null) => void;

export async function readTopic(kafka: Kafka, topic: string, ranges: PartitionRange[], onMessage: OnMessage, o: { follow: boolean; idleMs?: number }): Promise<TopicReader> {
  const idleMs = o.idleMs ?? 20_000;
  const groupId = `04-analytics-${randomUUID()}`;
  // No restart after a crash (a CLI says what went wrong instead), no topic created.
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, retry: { retries: 2, restartOnFailure: async () => false } });
  const end = new Map(ranges.map(({ partition, high }) => [partition, high]));
  const behind = new Set(ranges.filter(({ low, high }) => high > low).map(({ partition }) => partition));

  let timer: NodeJS.Timeout | undefined;
  let progress = () => {};
  const crashed = new Promise<unknown>((resolve) => consumer.on(consumer.events.CRASH, ({ payload }) => resolve(payload.error)));
  const caughtUp = new Promise<void>((resolve, reject) => {
    const stalled = () => reject(new Error(`no progress for ${idleMs / 1000} s, partitions ${[...behind].join(', ')} not read to the end`));
    progress = () => {
      clearTimeout(timer);
      if (behind.size === 0) resolve();
      else timer = setTimeout(stalled, idleMs);
    };
    void crashed.then(reject);
  });
  caughtUp.catch(() => clearTimeout(timer));
  progress();

  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const limit = o.follow ? Infinity : (end.get(batch.partition) ?? 0);
      for (const message of batch.messages) if (Number(message.offset) < limit) onMessage(message.value);
      if (Number(batch.lastOffset()) >= (end.get(batch.partition) ?? 0) - 1) behind.delete(batch.partition);
      progress();
    },
  });

  return {
    caughtUp,
    crashed,
    stop: async () => {
      clearTimeout(timer);
      await consumer.disconnect();
      // Best effort: Kafka also drops an empty group without offsets by itself, later.
      const admin = kafka.admin();
      await admin
        .connect()
        .then(() => admin.deleteGroups([groupId]))
        .catch(() => undefined)
        .finally(() => admin.disconnect());
    },
  };
}
