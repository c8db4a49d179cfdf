// npm run 04:reset: forget every order so that a rehearsal starts clean. Deletes the step's
// topics, its consumer groups (their committed offsets) and the consumers' state files.
// Stop the step's processes first: Kafka refuses to delete a group that has members.
import { rmSync } from 'node:fs';
import { createKafka, kafkaUnreachable } from '../lib/kafka';
import { createLogger } from '../lib/logger';
import { JsonStore } from '../lib/store';
import { DELIVERY_GROUP, STATS_GROUP, TOPICS } from './topics';

const log = createLogger('reset', '');
const groups = [DELIVERY_GROUP, STATS_GROUP];
const admin = createKafka('reset', log).admin();

try {
  await admin.connect();
  const known = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
  const existing = groups.filter((g) => known.has(g));
  if (existing.length) await admin.deleteGroups(existing);
  const topics = new Set(await admin.listTopics());
  const stale = TOPICS.map((t) => t.topic).filter((t) => topics.has(t));
  if (stale.length) await admin.deleteTopics({ topics: stale, timeout: 10_000 });
  for (const group of groups) rmSync(new JsonStore(group).path, { force: true });
  log.info(`reset: deleted topics [${stale.join(', ')}], groups [${existing.join(', ')}] and the state files`);
} catch (err) {
  // kafkajs reports each group's failure in err.groups.
  const busy = (err as { groups?: { error?: { type?: string } }[] }).groups?.some((g) => g.error?.type === 'NON_EMPTY_GROUP');
  if (busy) log.error('reset: a consumer of step 04 is still running: stop delivery and stats first (Ctrl-C)');
  else log.error(kafkaUnreachable(err));
  process.exitCode = 1;
} finally {
  await admin.disconnect();
}
