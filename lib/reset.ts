// Forgets a Kafka step's state so that a rehearsal starts clean: its topics, its consumer
// groups (their committed offsets) and the consumers' state files. The step's processes
// must be stopped first: Kafka refuses to delete a group that has members.
import { rmSync } from 'node:fs';
import { createKafka, describeKafkaError } from './kafka';
import { createLogger } from './logger';
import { JsonStore } from './store';

/** Returns the exit code: 0, or 1 with one line saying why. */
export async function resetStep(step: string, topics: string[], groups: string[]): Promise<number> {
  const log = createLogger('reset', '');
  const admin = createKafka('reset', log).admin();
  try {
    await admin.connect();
    const known = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
    const existing = groups.filter((g) => known.has(g));
    if (existing.length) await admin.deleteGroups(existing);
    const present = new Set(await admin.listTopics());
    const stale = topics.filter((t) => present.has(t));
    if (stale.length) await admin.deleteTopics({ topics: stale, timeout: 10_000 });
    for (const group of groups) rmSync(new JsonStore(group).path, { force: true });
    log.info(`${step} reset: topics [${stale.join(', ')}], groups [${existing.join(', ')}] and their state files deleted`);
    return 0;
  } catch (err) {
    // kafkajs reports each group's failure in err.groups.
    const busy = (err as { groups?: { error?: { type?: string } }[] }).groups?.some((g) => g.error?.type === 'NON_EMPTY_GROUP');
    log.error(busy ? `${step} reset: a consumer of the step is still running: stop it first (Ctrl-C)` : describeKafkaError(err));
    return 1;
  } finally {
    await admin.disconnect();
  }
}
