// How far behind the consumer groups are, read from Kafka itself: the end of each
// partition minus the group's committed offset.
import type { Admin, Kafka } from 'kafkajs';

export async function lagOf(admin: Admin, group: string, topic: string): Promise<number> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  return ends.reduce((lag, { partition, high, low }) => {
    const offset = Number(committed?.partitions.find((p) => p.partition === partition)?.offset ?? -1);
    return lag + Number(high) - (offset >= 0 ? offset : Number(low));
  }, 0);
}

/**
 * A broker that has just started answers before its group coordinator is loaded ("not the
 * correct coordinator", "coordinator load in progress", "leader not available"): kafkajs
 * marks those retriable, and they pass on their own.
 */
export const isRetriable = (err: unknown): boolean => {
  const e = err as { retriable?: boolean; originalError?: unknown; cause?: unknown };
  return e?.retriable === true || (!!e?.originalError && isRetriable(e.originalError)) || (!!e?.cause && isRetriable(e.cause));
};

/** Waits until every group has caught up, over one admin connection; resolves with the seconds each one took. */
export async function waitForGroups(kafka: Kafka, groups: string[], topic: string, timeoutMs: number): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const start = Date.now();
    const done: Record<string, number> = {};
    let lastError: Error | undefined;
    while (Object.keys(done).length < groups.length) {
      for (const group of groups.filter((g) => !(g in done))) {
        try {
          if ((await lagOf(admin, group, topic)) === 0) done[group] = (Date.now() - start) / 1000;
        } catch (err) {
          if (!isRetriable(err)) throw err;
          lastError = err as Error; // asked again in a moment
        }
      }
      if (Object.keys(done).length < groups.length && Date.now() - start > timeoutMs) {
        const late = groups.filter((g) => !(g in done)).join(' and ');
        throw new Error(`${late} did not catch up within ${timeoutMs / 1000} s: ${lastError ? `Kafka kept answering "${lastError.message}"` : 'are they running?'}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return done;
  } finally {
    await admin.disconnect();
  }
}
