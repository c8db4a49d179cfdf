// npm run 04:reset: forget every order (topics, consumer groups, state files), so that a
// rehearsal starts clean. Stop the step's processes first.
import { resetStep } from '../lib/reset';
import { DELIVERY_GROUP, STATS_GROUP, TOPICS } from './topics';

process.exitCode = await resetStep('04', TOPICS.map((t) => t.topic), [DELIVERY_GROUP, STATS_GROUP]);
