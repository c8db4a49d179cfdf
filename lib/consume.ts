// The consume loop every Kafka consumer of the demo shares, written for reliability:
// - the state and the last applied offset of each partition are saved together, then the
//   offset is committed: a restart resumes after the last commit, and a message delivered
//   again (processed, not yet committed) is recognized by its offset and skipped;
// - a message that can never be processed goes to the dead-letter topic, and we go on.
import type { Kafka, KafkaMessage } from 'kafkajs';
import { retryUntilConnected } from './kafka';
import type { Logger } from './logger';
import type { JsonStore } from './store';

/** A message no consumer can ever process: it goes to the dead-letter topic. */
export class PoisonMessage extends Error {}

export interface ConsumerState {
  topic: string;
  positions: Record<string, number>; // partition -> last applied offset
}

/** fn resolves with the error of a dead-lettered message (tracing records it on its span). */
type Around = (topic: string, partition: number, message: KafkaMessage, fn: () => Promise<Error | void>) => Promise<void>;

export interface ConsumeOptions<E, S extends ConsumerState> {
  kafka: Kafka;
  log: Logger;
  group: string;
  topic: string;
  deadLetterTopic: string;
  store: JsonStore<S>;
  initial: () => S;
  /** Turns a message value into an event, or throws PoisonMessage saying why not. */
  parse: (value: Buffer | null) => E;
  handle: (event: E, state: S) => Promise<void>;
  /** Wraps the processing of each message (tracing starts its consumer span here). */
  around?: Around;
}

export async function consume<E, S extends ConsumerState>(o: ConsumeOptions<E, S>) {
  const around: Around = o.around ?? (async (_t, _p, _m, fn) => void (await fn()));
  // A crashed member's partitions move to a new one after sessionTimeout (kafkajs: 30 s).
  const consumer = o.kafka.consumer({ groupId: o.group, sessionTimeout: 10_000, heartbeatInterval: 2000 });
  const deadLetters = o.kafka.producer();
  let state = o.store.load(o.initial());
  await retryUntilConnected(o.log, async () => {
    await consumer.connect();
    await deadLetters.connect();
  });
  if (state.topic !== o.topic || (await topicWasRecreated(o.kafka, state))) {
    if (Object.keys(state.positions ?? {}).length) o.log.warn(`${o.topic} is not the topic ${o.store.path} was built from: starting over`);
    state = o.initial();
  }

  // A message that can never be processed is kept, with why and where from, and we go on.
  const deadLetter = async (message: KafkaMessage, origin: string, err: PoisonMessage) => {
    const headers = { ...message.headers, 'dead-letter-reason': err.message, 'dead-letter-origin': origin, 'dead-letter-group': o.group };
    await deadLetters.send({ topic: o.deadLetterTopic, messages: [{ key: message.key, value: message.value, headers }] });
    o.log.warn(`dead-lettered ${origin}: ${err.message}`, { dead_letter_topic: o.deadLetterTopic });
  };

  await consumer.subscribe({ topic: o.topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: ({ topic, partition, message }) =>
      around(topic, partition, message, async () => {
        const offset = Number(message.offset);
        let poison: PoisonMessage | undefined;
        if (offset > (state.positions[partition] ?? -1)) {
          try {
            await o.handle(o.parse(message.value), state);
          } catch (err) {
            if (!(err instanceof PoisonMessage)) throw err; // kafkajs retries it, then restarts the consumer
            poison = err;
            await deadLetter(message, `${topic}/${partition}/${offset}`, err);
          }
          state.positions[partition] = offset;
          o.store.save(state);
        }
        await consumer.commitOffsets([{ topic, partition, offset: String(offset + 1) }]);
        return poison;
      }),
  });
  return {
    state: () => state,
    stop: async () => {
      await consumer.disconnect();
      await deadLetters.disconnect();
    },
  };
}

// A saved position past the end of a partition means the topic was deleted and created again.
async function topicWasRecreated(kafka: Kafka, state: ConsumerState): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(state.topic);
    return offsets.some(({ partition, high }) => (state.positions[partition] ?? -1) >= Number(high));
  } catch {
    return true; // the topic is gone
  } finally {
    await admin.disconnect();
  }
}
