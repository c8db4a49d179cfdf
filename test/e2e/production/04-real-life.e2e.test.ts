// Step 04 end to end on the production pipeline (`npm run infra:local -- up production`):
// apps -> jaeger-agent -> jaeger-collector -> Kafka jaeger-spans -> jaeger-ingester ->
// Elasticsearch -> jaeger-query. Every trace below is read back from jaeger-query, which
// reads Elasticsearch: nothing is held in memory on the way.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test, type TestContext } from 'node:test';
import { es } from '../support/elasticsearch';
import { assertStartedHere } from '../support/infra';
import { assertChildOf, assertFollowsFrom, assertTags, eventually, fetchTrace, JAEGER_QUERY_URL, spanOf, tag, waitForTrace, type JaegerTrace } from '../support/jaeger';
import { deleteTopics, jaegerSpansOf, step04Env, topicMessages } from '../support/kafka';
import { npmRun, npmRunToEnd, type Running } from '../support/processes';

const STRATEGIES = new URL('../../../04-real-life/jaeger/sampling-strategies.json', import.meta.url);
const AGENT_SAMPLING = 'http://127.0.0.1:5778/sampling';

/** A private copy of the step: topics, groups and state of its own. */
function isolated(t: TestContext) {
  const env = step04Env();
  const running: Running[] = [];
  t.after(async () => {
    for (const r of running) r.signal('SIGINT');
    await Promise.all(running.map((r) => r.exited));
    await deleteTopics([env.ORDERS_TOPIC, env.ORDERS_DEAD_LETTER_TOPIC]);
  });
  return {
    env,
    start: async (script: string, ready: RegExp) => {
      const r = npmRun(script, [], env);
      running.push(r);
      await r.waitForOutput(ready, 30_000);
      return r;
    },
    run: (script: string, args: string[] = []) => npmRunToEnd(script, args, env, 120_000),
  };
}

const services = (trace: JaegerTrace) => [...new Set(trace.spans.map((s) => s.serviceName))].sort();

describe('04-real-life on the production pipeline', () => {
  test('npm run 04:tracing: one trace through six services over HTTP and Kafka, baggage past the topic, via jaeger-spans into Elasticsearch', async (t) => {
    const step = isolated(t);
    const { code, output } = await step.run('04:tracing');
    assert.equal(code, 0, output);
    assert.match(output, /12 of 13 orders accepted/);
    assert.match(output, /stats: 12 greetings/);
    assert.doesNotMatch(output, /Warning/, 'no runtime warning on the presenter\'s screen');

    const premium = output.match(/order accepted\s+customer=ada\s.*trace=([0-9a-f]{16})/)?.[1];
    assert.ok(premium, `a trace id for ada's order in:\n${output}`);
    const trace = await waitForTrace(premium, 12);
    assert.deepEqual(services(trace), ['customer-service', 'delivery', 'edge', 'greeting-client', 'stats', 'translation-service']);
    assert.equal(trace.spans.length, 12);
    const edge = spanOf(trace, 'edge', 'POST /greetings');
    const produce = spanOf(trace, 'edge', `To_${step.env.ORDERS_TOPIC}`);
    const consume = spanOf(trace, 'delivery', `From_${step.env.ORDERS_TOPIC}`);
    const deliver = spanOf(trace, 'delivery', 'deliver');
    assertChildOf(edge, spanOf(trace, 'greeting-client', 'POST /greetings'));
    assertChildOf(spanOf(trace, 'customer-service', 'GET /customers/:id'), spanOf(trace, 'edge', 'GET /customers/:id'));
    assertChildOf(produce, edge);
    assertFollowsFrom(consume, produce);
    assertFollowsFrom(spanOf(trace, 'stats', `From_${step.env.ORDERS_TOPIC}`), produce);
    assertChildOf(deliver, consume);
    assertTags(edge, { 'customer.id': 'ada', 'customer.tier': 'premium', 'greeting.lang': 'en', 'http.status_code': 202 });
    // The baggage the edge set, read on the far side of HTTP and Kafka.
    assertTags(deliver, { 'baggage.customer-tier': 'premium', 'delivery.speed': 'express' });
    assert.ok(deliver.startTime > produce.startTime);

    // The same spans are in Elasticsearch's span index...
    const stored = await es<{ hits: { total: { value: number } } }>(`jaeger-span-*/_search`, 'POST', { size: 0, track_total_hits: true, query: { term: { traceID: premium } } });
    assert.equal(stored.hits.total.value, 12);
    // ...and went through the collector's Kafka topic on the way.
    assert.equal(jaegerSpansOf(await topicMessages('jaeger-spans'), premium).length, 12);

    // A standard customer's delivery is standard: the baggage says so.
    const standard = output.match(/order accepted\s+customer=linus\s.*trace=([0-9a-f]{16})/)?.[1];
    assertTags(spanOf(await waitForTrace(standard!, 12), 'delivery', 'deliver'), { 'baggage.customer-tier': 'standard', 'delivery.speed': 'standard' });
  });

  test('errors: the unknown customer and the poison message are error spans in their traces', async (t) => {
    const step = isolated(t);
    const { code, output } = await step.run('04:tracing', ['4']);
    assert.equal(code, 0, output);

    const rejected = output.match(/edge answered 400: unknown customer "zoe" \(trace ([0-9a-f]{16})\)/)?.[1];
    assert.ok(rejected, output);
    const failed = await waitForTrace(rejected, 5);
    const lookup = spanOf(failed, 'edge', 'GET /customers/:id');
    assertTags(lookup, { error: true, 'http.status_code': 404 });
    assert.equal(lookup.logs[0]?.fields.find((f) => f.key === 'event')?.value, 'error');
    assertTags(spanOf(failed, 'edge', 'POST /greetings'), { 'http.status_code': 400, 'customer.id': 'zoe' });
    assert.equal(failed.spans.some((s) => s.serviceName === 'delivery'), false, 'nothing was appended');

    const poisoned = output.match(/dead-lettered .*trace=([0-9a-f]{16})/)?.[1];
    assert.ok(poisoned, output);
    // The legacy producer's To_ span, and each consumer's From_ span marked as failed.
    const poison = await waitForTrace(poisoned, 3);
    assert.deepEqual(services(poison), ['delivery', 'greeting-client', 'stats']);
    for (const consumer of ['delivery', 'stats']) {
      const span = spanOf(poison, consumer, `From_${step.env.ORDERS_TOPIC}`);
      assert.equal(tag(span, 'error'), true, `${consumer} marks the poison message`);
      assert.match(String(span.logs[0]?.fields.find((f) => f.key === 'message')?.value), /unknown event type "GreetingRequested"/);
    }
  });

  test('remote sampling: GET /health is never sampled, and an edit of the strategies file applies live', async (t) => {
    assertStartedHere(['jaeger-collector'], 'npm run infra:local -- up production'); // it reads the file edited below
    const step = isolated(t);
    const edge = await step.start('04:tracing:edge', /connected to Kafka/);
    await sleep(2500); // the remote sampler's first answer comes within its refresh interval (1 s)
    for (let i = 0; i < 10; i++) assert.equal((await fetch('http://127.0.0.1:3010/health')).status, 200);
    const order = async () => {
      const res = await fetch('http://127.0.0.1:3010/greetings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customer: 'ada', name: 'Charles' }) });
      return ((await res.json()) as { traceId: string }).traceId; // customer-service is not running: a 502 with its trace id
    };
    const sampled = await order();
    await waitForTrace(sampled, 1);
    const operations = (await (await fetch(`${JAEGER_QUERY_URL}/api/operations?service=edge`)).json()) as { data: { name: string }[] };
    assert.ok(operations.data.some((o) => o.name === 'POST /greetings'));
    assert.equal(operations.data.some((o) => o.name === 'GET /health'), false, 'health checks are never sampled');

    // Edit the file as the presenter would: the edge samples nothing, then everything again.
    const original = readFileSync(STRATEGIES, 'utf8');
    // An operation's own line, not the service default: jaeger-client keeps a sampler per
    // operation once it has seen it, and later updates only change the listed operations.
    type Strategies = { service_strategies: { service: string; operation_strategies: { operation: string; param: number }[] }[] };
    type Served = { operationSampling?: { perOperationStrategies: { operation: string; probabilisticSampling: { samplingRate: number } }[] } };
    const edgeParam = async () =>
      ((await (await fetch(`${AGENT_SAMPLING}?service=edge`)).json()) as Served).operationSampling?.perOperationStrategies.find((s) => s.operation === 'POST /greetings')?.probabilisticSampling.samplingRate;
    const setEdge = (param: number) => {
      const strategies = JSON.parse(original) as Strategies;
      strategies.service_strategies.find((s) => s.service === 'edge')!.operation_strategies.find((o) => o.operation === 'POST /greetings')!.param = param;
      writeFileSync(STRATEGIES, `${JSON.stringify(strategies, null, 2)}\n`);
    };
    let unsampled: string;
    try {
      setEdge(0);
      await eventually(edgeParam, (p) => p === 0, 'the agent to serve the edited strategy', 15_000);
      await sleep(2500);
      unsampled = await order();
    } finally {
      writeFileSync(STRATEGIES, original);
    }
    await eventually(edgeParam, (p) => p === 1, 'the agent to serve the original strategy', 15_000);
    await sleep(2500);
    await waitForTrace(await order(), 1); // later than the unsampled one: that one would be here by now
    assert.equal(await fetchTrace(unsampled), undefined, 'the request made while the edge sampled 0% left no trace');
    assert.match(edge.output(), /Initializing Jaeger Tracer with RemoteReporter and RemoteSampler\(serviceName=edge\)/);
  });

  test('npm run 04:analytics: per-operation figures, then /api/dependencies has the links over HTTP and Kafka', async (t) => {
    const step = isolated(t);
    assert.equal((await step.run('04:tracing', ['4'])).code, 0);
    await sleep(3000); // let the collector write the last spans
    const { code, output } = await step.run('04:analytics');
    assert.equal(code, 0, output);
    assert.match(output, /edge\s+POST \/greetings/);
    const links = await eventually(
      async () => ((await (await fetch(`${JAEGER_QUERY_URL}/api/dependencies?endTs=${Date.now()}&lookback=${24 * 3600_000}`)).json()) as { data: { parent: string; child: string; callCount: number }[] }).data,
      (data) => data.length >= 3,
      'dependency links',
    );
    const pairs = links.map((l) => `${l.parent} -> ${l.child}`);
    for (const pair of ['greeting-client -> edge', 'edge -> customer-service', 'edge -> translation-service', 'edge -> delivery', 'edge -> stats']) {
      assert.ok(pairs.includes(pair), `${pair} in ${pairs.join(', ')}`);
    }
    assert.ok(links.every((l) => l.callCount > 0));
  });

  test("the README's p95-per-operation aggregation runs on the span index", async () => {
    const query = readFileSync(new URL('../../../04-real-life/analytics/p95-per-operation.json', import.meta.url), 'utf8');
    const result = await es<{ aggregations: Record<string, { buckets: unknown[] }> }>('jaeger-span-*/_search', 'POST', query);
    const text = JSON.stringify(result.aggregations);
    assert.match(text, /"edge"/);
    assert.match(text, /POST \/greetings/);
    assert.match(text, /"95(\.0)?":\s*\d/);
  });
});
