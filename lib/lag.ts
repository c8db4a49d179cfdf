// How far behind the consumer groups are, read from Kafka itself: the end of each
// partition minus the group's committed offset.
import type { Kafka } from 'kafkajs';

export async function lagOf(kafka: Kafka, group: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return ends.reduce((lag, { partition, high, low }) => {
      const offset = Number(committed?.partitions.find((p) => p.partition === partition)?.offset ?? -1);
      return lag + Number(high) - (offset >= 0 ? offset : Number(low));
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

/** Waits until every group has caught up; resolves with the seconds each one took. */
export async function waitForGroups(kafka: Kafka, groups: string[], topic: string, timeoutMs: number): Promise<Record<string, number>> {
  const start = Date.now();
  const done: Record<string, number> = {};
  while (Object.keys(done).length < groups.length) {
    for (const group of groups.filter((g) => !(g in done))) {
      if ((await lagOf(kafka, group, topic)) === 0) done[group] = (Date.now() - start) / 1000;
    }
    if (Date.now() - start > timeoutMs) {
      const late = groups.filter((g) => !(g in done));
      throw new Error(`${late.join(' and ')} did not catch up within ${timeoutMs / 1000} s: are they running?`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return done;
}
