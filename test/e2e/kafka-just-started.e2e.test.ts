// A Kafka started seconds ago answers metadata requests before its group coordinator has
// loaded: kafkajs then gets retriable errors ("This is not the correct coordinator for this
// group"). The whole step must wait them out, not say Kafka is unreachable. Restarts
// infra/local's Kafka (it is up again when the test ends), then runs the step at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertStartedHere, infra } from './support/infra';
import { deleteTopics, step03Env } from './support/kafka';
import { npmRunToEnd } from './support/processes';

test('03:logging right after Kafka (re)started: exit 0, every time', { timeout: 300_000 }, async () => {
  assertStartedHere(['kafka'], 'npm run infra:local -- up');
  for (let run = 1; run <= Number(process.env.KAFKA_RESTARTS || 3); run++) {
    const env = step03Env({ NOTIFIER_DELAY_MS: '20' });
    infra('down', 'kafka');
    infra('up', 'kafka');
    const { code, output } = await npmRunToEnd('03:logging', ['4'], env, 120_000);
    await deleteTopics([env.EVENTS_TOPIC, env.DEAD_LETTER_TOPIC]);
    assert.equal(code, 0, `run ${run}:\n${output}`);
    assert.match(output, /read model: 4 greetings/, `run ${run}`);
    assert.doesNotMatch(output, /not reachable/, `run ${run}`);
  }
});
