// The epilogue end to end: every step's tracing variant on the OpenTelemetry SDK behind the
// OpenTracing shim (TRACING_SDK=opentelemetry), spans sent as OTLP over HTTP to the real Jaeger
// (port 4318) and read back from its API; mixed fleets (jaeger-client <-> OpenTelemetry) keep
// one trace; OTEL_FOLLOWS_FROM=child|link measured on steps 03 and 04.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { describe, test, type TestContext } from 'node:test';
import {
  assertChildOf,
  assertFollowsFrom,
  assertParentChain,
  assertTags,
  eventually,
  spanOf,
  tag,
  waitForTrace,
  waitForTraces,
  type JaegerSpan,
  type JaegerTrace,
} from './support/jaeger';
import { deleteTopics, kafka, step03Env, step04Env } from './support/kafka';
import { npmRun, npmRunToEnd, traceIds, type Running } from './support/processes';

const OTEL = { TRACING_SDK: 'opentelemetry' };
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const services = (trace: JaegerTrace) => [...new Set(trace.spans.map((s) => s.serviceName))].sort();
const processTag = (trace: JaegerTrace, service: string, key: string) =>
  Object.values(trace.processes).find((p) => p.serviceName === service)?.tags.find((t) => t.key === key)?.value;
/** Jaeger's tags for one key: OpenTelemetry's span kind and a span.kind tag would give two. */
const tagsNamed = (span: JaegerSpan, key: string) => span.tags.filter((t) => t.key === key).map((t) => t.value);
const logFields = (span: JaegerSpan) => span.logs.flatMap((l) => l.fields);

/** The log lines' trace ids are 32 hex digits, and each is the id of a trace Jaeger has. */
async function assertLogIdsAreTraces(output: string, minSpans = 1): Promise<JaegerTrace[]> {
  const ids = traceIds(output);
  assert.ok(ids.length > 0, output);
  const traces: JaegerTrace[] = [];
  for (const id of ids) {
    assert.match(id, /^[0-9a-f]{32}$/, 'OpenTelemetry trace ids: 32 hex digits');
    const trace = await waitForTrace(id, minSpans);
    assert.equal(trace.traceID, id);
    traces.push(trace);
  }
  return traces;
}

/** Processes started in a test, stopped with Ctrl-C after it. */
function processes(t: TestContext, env: Record<string, string> = {}) {
  const running: Running[] = [];
  t.after(async () => {
    for (const r of running) r.signal('SIGINT');
    await Promise.all(running.map((r) => r.exited));
  });
  return {
    start: async (script: string, ready: RegExp, extra: Record<string, string> = {}) => {
      const r = npmRun(script, [], { ...env, ...extra });
      running.push(r);
      await r.waitForOutput(ready, 30_000);
      return r;
    },
  };
}

/** Every message of a topic, from the beginning, with a throwaway group. */
async function messagesOf(topic: string) {
  const admin = kafka().admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = ends.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const consumer = kafka().consumer({ groupId: `e2e-${randomUUID()}` });
  const messages: { value: string; headers: Record<string, string> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        messages.push({ value: String(message.value), headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])) });
        if (messages.length >= total) resolve();
      },
    });
  });
  await consumer.disconnect();
  return messages;
}

/** Step 04 on the all-in-one, on topics, groups and state of its own (the SDK is the caller's choice). */
function step04(t: TestContext, extra: Record<string, string>) {
  const env = step04Env(extra);
  t.after(() => deleteTopics([env.ORDERS_TOPIC, env.ORDERS_DEAD_LETTER_TOPIC]));
  return env;
}

describe('TRACING_SDK=opentelemetry: every step, unchanged, on the OpenTelemetry SDK', () => {
  test('01: client span -> server span, one trace per greeting, in Jaeger through OTLP', async () => {
    const names = [unique('ada'), unique('grace')];
    const { code, output } = await npmRunToEnd('01:tracing', names, OTEL);
    assert.equal(code, 0, output);
    const traces = await assertLogIdsAreTraces(output, 2);
    assert.equal(traces.length, 2);
    for (const [i, trace] of traces.entries()) {
      assert.equal(trace.spans.length, 2);
      const client = spanOf(trace, 'hello-client', 'say-hello');
      const server = spanOf(trace, 'hello-server', 'GET /hello/:name');
      assertParentChain(client, server);
      assertTags(client, { component: 'axios', 'http.method': 'GET', 'http.url': `http://127.0.0.1:3000/hello/${names[i]}`, 'http.status_code': 200 });
      assertTags(server, { component: 'express', 'http.url': `/hello/${names[i]}`, 'http.status_code': 200, error: undefined });
      // One span.kind each (OpenTelemetry's kind), as under jaeger-client.
      assert.deepEqual(tagsNamed(client, 'span.kind'), ['client']);
      assert.deepEqual(tagsNamed(server, 'span.kind'), ['server']);
      assert.equal(processTag(trace, 'hello-client', 'telemetry.sdk.name'), 'opentelemetry');
      assert.equal(processTag(trace, 'hello-server', 'telemetry.sdk.name'), 'opentelemetry');
      // Both processes' log lines carry the trace id.
      assert.match(output, new RegExp(`hello-server  greeting  name=${names[i]}  trace=${trace.traceID}`));
      assert.match(output, new RegExp(`hello-client  greeting received  name=${names[i]} .* trace=${trace.traceID}`));
    }
    assert.equal((output.match(/Reporting span [0-9a-f]{32}:/g) ?? []).length, 4, 'each span printed, as jaeger-client does');
  });

  test('01: a server stopped with SIGINT right after a request still delivers that span (flush on exit)', async (t) => {
    const name = unique('sigint');
    // A one-minute batch interval: only the flush on shutdown can deliver the span.
    const { start } = processes(t, { ...OTEL, JAEGER_REPORTER_FLUSH_INTERVAL: '60000' });
    const server = await start('01:tracing:server', /listening on/);
    assert.equal((await fetch(`http://127.0.0.1:3000/hello/${name}`)).status, 200);
    server.signal('SIGINT');
    await server.exited;
    const [trace] = await waitForTraces({ service: 'hello-server', tags: { 'http.url': `/hello/${name}` } });
    assert.deepEqual(spanOf(trace!, 'hello-server', 'GET /hello/:name').references, []);
  });

  test('01: errors are error spans; the stack is kept, under OpenTelemetry\'s name (exception.stacktrace, not stack)', async () => {
    const { code, output } = await npmRunToEnd('01:tracing', [unique('failing')], { ...OTEL, HELLO_FAILURE_RATE: '1' });
    assert.equal(code, 1);
    const line = output.match(/hello-server answered 500: greeting for .* failed .*\(trace ([0-9a-f]{32})\)/);
    assert.ok(line, output);
    const trace = await waitForTrace(line[1]!, 2);
    const client = spanOf(trace, 'hello-client', 'say-hello');
    const server = spanOf(trace, 'hello-server', 'GET /hello/:name');
    assertChildOf(server, client);
    // error=true comes from the span status; Jaeger adds otel.status_code.
    assertTags(server, { error: true, 'otel.status_code': 'ERROR', 'http.status_code': 500 });
    assertTags(client, { error: true, 'http.status_code': 500 });
    const fields = logFields(server);
    assert.equal(fields.find((f) => f.key === 'event')?.value, 'exception');
    assert.match(String(fields.find((f) => f.key === 'exception.stacktrace')?.value), /at greet/);
    assert.equal(fields.find((f) => f.key === 'stack'), undefined);
  });

  test('01: with Jaeger unreachable the step still succeeds, each process says so once, and exits promptly', async () => {
    const start = Date.now();
    const { code, output } = await npmRunToEnd('01:tracing', [unique('offline')], { ...OTEL, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    const took = Date.now() - start;
    assert.equal(code, 0, output);
    assert.equal((output.match(/greeting received/g) ?? []).length, 1);
    const warnings = output.match(/tracing: spans could not be sent to http:\/\/127\.0\.0\.1:9\/v1\/traces .*: spans are dropped; the app goes on/g) ?? [];
    assert.equal(warnings.length, 2, `one per process:\n${output}`);
    assert.ok(!/\n\s+at /.test(output), `no stack trace in the output:\n${output}`);
    assert.ok(took < 15_000, `took ${took} ms`);
  });

  test('02: one trace across three services, five spans; the log lines carry its 32-digit id', async () => {
    const name = `Ada${randomUUID().slice(0, 6)}`;
    const { code, output } = await npmRunToEnd('02:tracing', [`${name}:es`], OTEL);
    assert.equal(code, 0, output);
    const [trace, ...others] = await assertLogIdsAreTraces(output, 5);
    assert.equal(others.length, 0, 'one trace');
    assert.match(output, new RegExp(`jaeger=http://127.0.0.1:16686/trace/${trace!.traceID}`));
    assert.equal(trace!.spans.length, 5);
    assert.deepEqual(services(trace!), ['hello-client', 'hello-service', 'translation-service']);
    const chain = [
      spanOf(trace!, 'hello-client', 'say-hello'),
      spanOf(trace!, 'hello-client', 'GET /hello/:name'),
      spanOf(trace!, 'hello-service', 'GET /hello/:name'),
      spanOf(trace!, 'hello-service', 'GET /greetings/:lang'),
      spanOf(trace!, 'translation-service', 'GET /greetings/:lang'),
    ];
    assertParentChain(...chain);
    assertTags(chain[1]!, { 'span.kind': 'client', 'peer.service': 'hello-service', 'http.status_code': 200 });
    assertTags(chain[4]!, { 'span.kind': 'server', 'http.url': '/greetings/es', 'http.status_code': 200 });
    for (const service of ['hello-client', 'hello-service', 'translation-service']) {
      assert.match(output, new RegExp(`${service} .*trace=${trace!.traceID}`), `${service} logged in the trace`);
    }
  });
});

describe('03 and 04 on OpenTelemetry: FOLLOWS_FROM as a child (default) or as a link', () => {
  /** Step 03 on topics, groups and state of its own. */
  function step03(t: TestContext, extra: Record<string, string>) {
    const env = step03Env({ ...OTEL, JAEGER_REPORTER_LOG_SPANS: 'false', ...extra });
    t.after(() => deleteTopics([env.EVENTS_TOPIC, env.DEAD_LETTER_TOPIC]));
    return env;
  }

  test('03, child (default): one trace per command, 8 spans, consumers FOLLOWS_FROM the producer; Kafka headers carry both formats', async (t) => {
    const env = step03(t, {});
    const { code, output } = await npmRunToEnd('03:tracing', ['3'], env, 90_000);
    assert.equal(code, 0, output);
    assert.match(output, /read model: 3 greetings/);
    const commands = [...output.matchAll(/command accepted .*trace=([0-9a-f]{32})/g)].map((m) => m[1]!);
    assert.equal(commands.length, 3);
    for (const id of commands) {
      const trace = await waitForTrace(id, 8);
      assert.equal(trace.spans.length, 8);
      assert.deepEqual(services(trace), ['command-api', 'notifier', 'producer', 'projector']);
      const produce = spanOf(trace, 'command-api', `To_${env.EVENTS_TOPIC}`);
      const fast = spanOf(trace, 'projector', `From_${env.EVENTS_TOPIC}`);
      const slow = spanOf(trace, 'notifier', `From_${env.EVENTS_TOPIC}`);
      assertChildOf(spanOf(trace, 'producer', 'POST /greetings'), spanOf(trace, 'producer', 'send-greeting'));
      assertChildOf(spanOf(trace, 'command-api', 'POST /greetings'), spanOf(trace, 'producer', 'POST /greetings'));
      assertChildOf(produce, spanOf(trace, 'command-api', 'POST /greetings'));
      // The parent plus the follows_from link: Jaeger shows the one FOLLOWS_FROM reference jaeger-client gave.
      assert.deepEqual(fast.references.map((r) => [r.refType, r.spanID]), [['FOLLOWS_FROM', produce.spanID]]);
      assertFollowsFrom(slow, produce);
      assertChildOf(spanOf(trace, 'projector', 'project'), fast);
      assertChildOf(spanOf(trace, 'notifier', 'send-postcard'), slow);
      assertTags(fast, { 'span.kind': 'consumer', 'kafka.consumer_group': env.PROJECTOR_GROUP });
      assertTags(produce, { 'span.kind': 'producer', 'message_bus.destination': env.EVENTS_TOPIC });
      // Every process logs under the command's trace id: one search finds them all.
      for (const service of ['command-api', 'projector', 'notifier']) assert.match(output, new RegExp(`${service}  .*trace=${id}`), service);
    }
    const [message] = await messagesOf(env.EVENTS_TOPIC);
    assert.deepEqual(Object.keys(message!.headers).sort(), ['traceparent', 'uber-trace-id']);
    assert.match(message!.headers['uber-trace-id']!, /^[0-9a-f]{32}:[0-9a-f]{16}:0:01$/);
    assert.match(message!.headers.traceparent!, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    t.diagnostic(`Kafka headers (03, OpenTelemetry): ${JSON.stringify(message!.headers)}`);
  });

  test('03, link: three traces per command (producer 4 spans, each consumer 2), linked; the consumers log under their own trace ids', async (t) => {
    const env = step03(t, { OTEL_FOLLOWS_FROM: 'link' });
    const since = Date.now();
    const { code, output } = await npmRunToEnd('03:tracing', ['3'], env, 90_000);
    assert.equal(code, 0, output);
    assert.match(output, /read model: 3 greetings/);
    const commands = [...output.matchAll(/command accepted .*trace=([0-9a-f]{32})/g)].map((m) => m[1]!);
    assert.equal(commands.length, 3);
    const consumerTraces = async (service: string) =>
      waitForTraces({ service, operation: `From_${env.EVENTS_TOPIC}`, since }, 3);
    const [projected, notified] = [await consumerTraces('projector'), await consumerTraces('notifier')];
    assert.equal(projected.length, 3);
    assert.equal(notified.length, 3);
    for (const id of commands) {
      // Every process has flushed and exited, and the consumers' traces are in: this one is complete.
      const trace = await waitForTrace(id, 4);
      assert.equal(trace.spans.length, 4, `the producer's trace: ${trace.spans.map((s) => `${s.serviceName}:${s.operationName}`).join(', ')}`);
      assert.deepEqual(services(trace), ['command-api', 'producer']);
      const produce = spanOf(trace, 'command-api', `To_${env.EVENTS_TOPIC}`);
      for (const [service, traces, work] of [['projector', projected, 'project'], ['notifier', notified, 'send-postcard']] as const) {
        const linked = traces.filter((tr) => tr.spans.some((s) => s.references.some((r) => r.traceID === id)));
        assert.equal(linked.length, 1, `one ${service} trace links to ${id}`);
        const consumer = linked[0]!;
        assert.notEqual(consumer.traceID, id);
        assert.equal(consumer.spans.length, 2);
        const from = spanOf(consumer, service, `From_${env.EVENTS_TOPIC}`);
        // The link, read by Jaeger as a FOLLOWS_FROM reference into another trace.
        assert.deepEqual(from.references.map((r) => [r.refType, r.traceID, r.spanID]), [['FOLLOWS_FROM', id, produce.spanID]]);
        assertChildOf(spanOf(consumer, service, work), from);
        // A search by the command's trace id no longer finds the consumers' log lines.
        assert.doesNotMatch(output, new RegExp(`${service}  .*trace=${id}`));
        assert.match(output, new RegExp(`${service}  .*trace=${consumer.traceID}`));
      }
    }
    t.diagnostic(`03 with OTEL_FOLLOWS_FROM=link: ${commands.length} commands -> ${commands.length * 3} traces (4 + 2 + 2 spans each)`);
  });

  test('04, child (default): one trace through six services, 12 spans; the baggage reaches delivery; remote sampling is said to be unused, once per process', async (t) => {
    const env = step04(t, OTEL);
    const { code, output } = await npmRunToEnd('04:tracing', [], env, 120_000);
    assert.equal(code, 0, output);
    assert.match(output, /12 of 13 orders accepted/);
    assert.match(output, /stats: 12 greetings/);
    const said = output.match(/tracing: OpenTelemetry SDK: Jaeger remote sampling \(127\.0\.0\.1:5778\) is not used; every trace is kept \(parent-based, always on\)/g) ?? [];
    assert.equal(said.length, 6, 'one line from each of the six processes');

    const premium = output.match(/order accepted\s+customer=ada\s.*trace=([0-9a-f]{32})/)?.[1];
    assert.ok(premium, output);
    const trace = await waitForTrace(premium, 12);
    assert.equal(trace.spans.length, 12);
    assert.deepEqual(services(trace), ['customer-service', 'delivery', 'edge', 'greeting-client', 'stats', 'translation-service']);
    const produce = spanOf(trace, 'edge', `To_${env.ORDERS_TOPIC}`);
    const consume = spanOf(trace, 'delivery', `From_${env.ORDERS_TOPIC}`);
    const deliver = spanOf(trace, 'delivery', 'deliver');
    assertChildOf(spanOf(trace, 'edge', 'POST /greetings'), spanOf(trace, 'greeting-client', 'POST /greetings'));
    assertChildOf(spanOf(trace, 'customer-service', 'GET /customers/:id'), spanOf(trace, 'edge', 'GET /customers/:id'));
    assertFollowsFrom(consume, produce);
    assertFollowsFrom(spanOf(trace, 'stats', `From_${env.ORDERS_TOPIC}`), produce);
    assertChildOf(deliver, consume);
    assertTags(spanOf(trace, 'edge', 'POST /greetings'), { 'customer.id': 'ada', 'customer.tier': 'premium', 'http.status_code': 202 });
    assertTags(deliver, { 'baggage.customer-tier': 'premium', 'delivery.speed': 'express' });
    assert.match(output, new RegExp(`delivery  delivered \\(express\\) .*customer=ada  trace=${premium}`));

    const standard = output.match(/order accepted\s+customer=linus\s.*trace=([0-9a-f]{32})/)?.[1];
    assertTags(spanOf(await waitForTrace(standard!, 12), 'delivery', 'deliver'), { 'baggage.customer-tier': 'standard', 'delivery.speed': 'standard' });

    const ordered = (await messagesOf(env.ORDERS_TOPIC)).find((m) => m.value.includes('"aggregateId":"ada"'));
    assert.deepEqual(Object.keys(ordered!.headers).sort(), ['baggage', 'traceparent', 'uber-trace-id', 'uberctx-customer-tier']);
    assert.equal(ordered!.headers['uberctx-customer-tier'], 'premium');
    assert.equal(ordered!.headers.baggage, 'customer-tier=premium');
    t.diagnostic(`Kafka headers (04, OpenTelemetry): ${JSON.stringify(ordered!.headers)}`);
  });

  test('04, link: the producer trace ends at To_ (8 spans); delivery starts its own, without the baggage: premium orders go standard', async (t) => {
    const env = step04(t, { ...OTEL, OTEL_FOLLOWS_FROM: 'link' });
    const since = Date.now();
    const { code, output } = await npmRunToEnd('04:tracing', [], env, 120_000);
    assert.equal(code, 0, output);
    assert.match(output, /12 of 13 orders accepted/);
    const premium = output.match(/order accepted\s+customer=ada\s.*trace=([0-9a-f]{32})/)?.[1];
    assert.ok(premium, output);
    const trace = await waitForTrace(premium, 8);
    const produce = spanOf(trace, 'edge', `To_${env.ORDERS_TOPIC}`);
    const deliveries = await waitForTraces({ service: 'delivery', operation: 'deliver', since }, 12);
    const linked = deliveries.filter((tr) => tr.spans.some((s) => s.references.some((r) => r.traceID === premium)));
    assert.equal(linked.length, 1);
    const delivery = linked[0]!;
    assert.notEqual(delivery.traceID, premium);
    assert.equal(delivery.spans.length, 2);
    assert.deepEqual(spanOf(delivery, 'delivery', `From_${env.ORDERS_TOPIC}`).references.map((r) => [r.refType, r.traceID, r.spanID]), [['FOLLOWS_FROM', premium, produce.spanID]]);
    // The edge set customer-tier=premium; a link carries no baggage, so delivery falls back to standard.
    assertTags(spanOf(delivery, 'delivery', 'deliver'), { 'baggage.customer-tier': 'standard', 'delivery.speed': 'standard' });
    assert.doesNotMatch(output, /delivered \(express\)/, 'no order is delivered express');
    const again = await eventually(() => waitForTrace(premium, 8), (tr) => tr.spans.length === 8, "the producer's trace, 8 spans", 5_000);
    assert.deepEqual(services(again), ['customer-service', 'edge', 'greeting-client', 'translation-service']);
    t.diagnostic(`04 with OTEL_FOLLOWS_FROM=link: producer trace ${again.spans.length} spans, delivery trace ${delivery.spans.length}; express deliveries: ${(output.match(/delivered \(express\)/g) ?? []).length}`);
  });
});

describe('mixed fleets: jaeger-client and OpenTelemetry in one trace', () => {
  test('a jaeger-client client against an OpenTelemetry server: one trace, both services, both logs under one id', async (t) => {
    const name = unique('mixed');
    const server = await processes(t).start('01:tracing:server', /listening on/, OTEL);
    const { code, output } = await npmRunToEnd('01:tracing:client', [name]); // jaeger-client, as by default
    assert.equal(code, 0, output);
    const [id] = traceIds(output);
    assert.match(id!, /^[0-9a-f]{16}$/, "jaeger-client's 64-bit id");
    const trace = await waitForTrace(id!, 2);
    assertChildOf(spanOf(trace, 'hello-server', 'GET /hello/:name'), spanOf(trace, 'hello-client', 'say-hello'));
    assert.match(String(processTag(trace, 'hello-client', 'jaeger.version')), /^Node-3\.19/);
    assert.equal(processTag(trace, 'hello-server', 'telemetry.sdk.name'), 'opentelemetry');
    // OpenTelemetry continues the 64-bit id as 16 zeros + the same digits; its logs print it as Jaeger does.
    await server.waitForOutput(new RegExp(`greeting  name=${name}  trace=${id}\\b`));
  });

  test('an OpenTelemetry client against a jaeger-client server: one 128-bit trace, both services', async (t) => {
    const name = unique('mixed');
    const server = await processes(t).start('01:tracing:server', /listening on/); // jaeger-client
    const { code, output } = await npmRunToEnd('01:tracing:client', [name], OTEL);
    assert.equal(code, 0, output);
    const [id] = traceIds(output);
    assert.match(id!, /^[0-9a-f]{32}$/);
    const trace = await waitForTrace(id!, 2);
    assert.equal(trace.traceID, id);
    assertChildOf(spanOf(trace, 'hello-server', 'GET /hello/:name'), spanOf(trace, 'hello-client', 'say-hello'));
    assert.equal(processTag(trace, 'hello-client', 'telemetry.sdk.name'), 'opentelemetry');
    assert.match(String(processTag(trace, 'hello-server', 'jaeger.version')), /^Node-3\.19/);
    assert.equal(tag(spanOf(trace, 'hello-server', 'GET /hello/:name'), 'sampler.type'), undefined, 'jaeger-client followed the caller, took no sampling decision');
    await server.waitForOutput(new RegExp(`greeting  name=${name}  trace=${id}\\b`));
  });

  test("04 half and half: baggage set by a jaeger-client edge reaches an OpenTelemetry delivery through Kafka; one trace of 12 spans", async (t) => {
    const env = step04(t, { BURST_FAULTS: '0' });
    const sdk = { client: 'opentelemetry', edge: 'jaeger', customers: 'opentelemetry', translations: 'jaeger', delivery: 'opentelemetry', stats: 'jaeger' };
    const { start } = processes(t, env);
    await start('04:tracing:customers', /listening on/, { TRACING_SDK: sdk.customers });
    await start('04:tracing:translations', /listening on/, { TRACING_SDK: sdk.translations });
    await start('04:tracing:edge', /connected to Kafka/, { TRACING_SDK: sdk.edge });
    await start('04:tracing:stats', /counting/, { TRACING_SDK: sdk.stats });
    await start('04:tracing:delivery', /delivering from/, { TRACING_SDK: sdk.delivery });
    const { code, output } = await npmRunToEnd('04:tracing:client', ['4'], { ...env, TRACING_SDK: sdk.client }, 90_000);
    assert.equal(code, 0, output);
    assert.match(output, /4 of 4 orders accepted/);
    const premium = output.match(/order accepted\s+customer=ada\s.*trace=([0-9a-f]{32})/)?.[1];
    assert.ok(premium, output);
    const trace = await waitForTrace(premium, 12);
    assert.equal(trace.spans.length, 12);
    const names = { client: 'greeting-client', edge: 'edge', customers: 'customer-service', translations: 'translation-service', delivery: 'delivery', stats: 'stats' } as const;
    for (const [role, service] of Object.entries(names)) {
      const onOtel = sdk[role as keyof typeof sdk] === 'opentelemetry';
      assert.equal(processTag(trace, service, onOtel ? 'telemetry.sdk.name' : 'jaeger.version') !== undefined, true, `${service} on ${sdk[role as keyof typeof sdk]}`);
    }
    const produce = spanOf(trace, 'edge', `To_${env.ORDERS_TOPIC}`);
    assertFollowsFrom(spanOf(trace, 'delivery', `From_${env.ORDERS_TOPIC}`), produce);
    assertFollowsFrom(spanOf(trace, 'stats', `From_${env.ORDERS_TOPIC}`), produce);
    assertChildOf(spanOf(trace, 'customer-service', 'GET /customers/:id'), spanOf(trace, 'edge', 'GET /customers/:id'));
    assertTags(spanOf(trace, 'delivery', 'deliver'), { 'baggage.customer-tier': 'premium', 'delivery.speed': 'express' });
  });

  test('the headers on the wire under each SDK', async (t) => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ greeting: 'Hello!' }));
    });
    await new Promise<void>((resolve) => server.listen(3000, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const trace = (h: IncomingHttpHeaders) => Object.fromEntries(Object.entries(h).filter(([k]) => /^(uber|traceparent|tracestate|baggage)/.test(k)));

    assert.equal((await npmRunToEnd('01:tracing:client', [unique('wire')])).code, 0);
    assert.equal((await npmRunToEnd('01:tracing:client', [unique('wire')], OTEL)).code, 0);
    const [jaeger, otel] = seen.map(trace);
    assert.deepEqual(Object.keys(jaeger!), ['uber-trace-id']);
    assert.match(String(jaeger!['uber-trace-id']), /^[0-9a-f]{1,16}:[0-9a-f]{1,16}:0:1$/, "jaeger-client's 64-bit trace:span:parent:flags");
    assert.deepEqual(Object.keys(otel!).sort(), ['traceparent', 'uber-trace-id']);
    const [traceId, spanId] = String(otel!['uber-trace-id']).split(':');
    assert.equal(otel!.traceparent, `00-${traceId}-${spanId}-01`, 'the same span context in both formats');
    t.diagnostic(`HTTP headers, jaeger-client: ${JSON.stringify(jaeger)}; OpenTelemetry: ${JSON.stringify(otel)}`);
  });
});
