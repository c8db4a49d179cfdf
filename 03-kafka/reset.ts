// npm run 03:reset: forget every greeting (topics, consumer groups, state files), so that a
// rehearsal starts clean. Stop the step's processes first.
import { resetStep } from '../lib/reset';
import { NOTIFIER_GROUP, PROJECTOR_GROUP, TOPICS } from './topics';

process.exitCode = await resetStep('03', TOPICS.map((t) => t.topic), [PROJECTOR_GROUP, NOTIFIER_GROUP]);
