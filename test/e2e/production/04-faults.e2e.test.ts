// Kafka as a buffer: the production pipeline under faults. A stopped ingester or a stopped
// Elasticsearch costs no span (they wait in the jaeger-spans topic); a stopped collector
// costs the spans of that moment, but never a request. Each test restarts what it stopped.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, test } from 'node:test';
import { es } from '../support/elasticsearch';
import { assertStartedHere, infra, PRODUCTION } from '../support/infra';
import { eventually, waitForTrace } from '../support/jaeger';
import { deleteTopics, jaegerSpansOf, step04Env, topicMessages } from '../support/kafka';
import { npmRunToEnd, traceIds } from '../support/processes';

/** How many spans of these traces the collector wrote to jaeger-spans. */
async function spansOnTopic(ids: string[]): Promise<number> {
  const messages = await topicMessages('jaeger-spans');
  return ids.reduce((n, id) => n + jaegerSpansOf(messages, id).length, 0);
}

/** How many spans of these traces are in Elasticsearch's span indices (-1 while a restarted
 * node still recovers its shards: its health is yellow before every index is back). */
async function spansStored(ids: string[]): Promise<number> {
  try {
    const result = await es<{ count: number }>('jaeger-span-*/_count', 'POST', { query: { terms: { traceID: ids } } });
    return result.count;
  } catch (error) {
    if (/HTTP 503/.test(String(error))) return -1;
    throw error;
  }
}

/** Runs the whole step with its own topics; returns every trace id it printed, and its output. */
async function orders(count: string): Promise<string[] & { output?: string }> {
  const env = step04Env({ DELIVERY_DELAY_MS: '50' });
  try {
    const { code, output } = await npmRunToEnd('04:tracing', [count], env, 120_000);
    assert.equal(code, 0, output);
    assert.match(output, new RegExp(`${count} of ${Number(count) + 1} orders accepted`));
    return Object.assign(traceIds(output), { output });
  } finally {
    await deleteTopics([env.ORDERS_TOPIC, env.ORDERS_DEAD_LETTER_TOPIC]);
  }
}

/** Stops component, runs a burst of orders, waits for their spans on jaeger-spans (12 each), restarts it. */
async function burstWhileDown(component: string, count: number, whileDown: (ids: string[]) => Promise<void> = async () => {}) {
  infra('down', component);
  try {
    const ids = await orders(String(count));
    const buffered = await eventually(() => spansOnTopic(ids), (n) => n >= count * 12, 'the spans in jaeger-spans', 20_000);
    await whileDown(ids);
    return { ids, buffered };
  } finally {
    infra('up', component);
  }
}

describe('04-real-life: Kafka as a buffer', () => {
  before(() => assertStartedHere(PRODUCTION, 'npm run infra:local -- up production'));

  test('ingester stopped: orders succeed, their spans wait in jaeger-spans, and after a restart every one is in Elasticsearch', { timeout: 240_000 }, async (t) => {
    const { ids, buffered } = await burstWhileDown('jaeger-ingester', 3, async (ids) => {
      await sleep(2000);
      assert.equal(await spansStored(ids), 0, 'nothing reached Elasticsearch while the ingester was down');
    });
    const stored = await eventually(() => spansStored(ids), (n) => n >= buffered, 'every buffered span in Elasticsearch', 60_000);
    assert.equal(stored, buffered, 'spans sent = spans stored');
    t.diagnostic(`ingester down: ${buffered} spans on jaeger-spans, ${stored} in Elasticsearch after the restart`);
  });

  test('Elasticsearch stopped and restarted: the ingester catches up, nothing lost', { timeout: 300_000 }, async (t) => {
    const { ids, buffered } = await burstWhileDown('elasticsearch', 2);
    const stored = await eventually(() => spansStored(ids), (n) => n >= buffered, 'the ingester to catch up', 120_000);
    assert.equal(stored, buffered, 'spans sent = spans stored');
    t.diagnostic(`Elasticsearch down: ${buffered} spans on jaeger-spans, ${stored} in Elasticsearch after the restart`);
  });

  test('collector stopped: every order still succeeds, the processes say once that spans may be lost; after a restart traces flow again', { timeout: 360_000 }, async (t) => {
    infra('down', 'jaeger-collector');
    try {
      const run = await orders('2');
      assert.ok(run.length >= 2);
      // Behind the agent (UDP) an app cannot see its spans dropped; it sees its sampling
      // strategy fail to come, and says that once, not once a second.
      const warnings = [...run.output!.matchAll(/ warn {2}([\w-]+) {2}tracing: .*spans may be lost until it is back/g)].map((m) => m[1]!);
      assert.ok(warnings.length >= 1, run.output);
      for (const service of new Set(warnings)) assert.equal(warnings.filter((s) => s === service).length, 1, `${service} says it once`);
      t.diagnostic(`collector down: ${warnings.length} processes said once that tracing is impaired (${[...new Set(warnings)].join(', ')})`);
    } finally {
      infra('up', 'jaeger-collector');
    }
    // The agent reconnects to the collector with gRPC's backoff (up to tens of seconds after
    // a long outage); its sampling endpoint answers once it has, through the same connection.
    const back = Date.now();
    await eventually(() => fetch('http://127.0.0.1:5778/sampling?service=edge').then((r) => r.ok, () => false), Boolean, 'the agent to reach the collector again', 150_000);
    t.diagnostic(`the agent was connected again ${((Date.now() - back) / 1000).toFixed(1)} s after the collector's restart`);
    const [id] = await orders('1');
    await waitForTrace(id!, 1, 30_000);
  });
});
