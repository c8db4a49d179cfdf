// Step 04 in process: greeting-client -> edge -> customer-service and translation-service
// on loopback ports, each with its own in-memory tracer; the edge's message is handed to the
// delivery consumer as kafkajs would deliver it (header values as Buffers). Real Kafka and
// the real Jaeger pipeline are in test/e2e/04-real-life.e2e.test.ts.
import axios from 'axios';
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { KafkaMessage, Producer } from 'kafkajs';
import { burst } from '../04-real-life/burst';
import { deliveryTime } from '../04-real-life/delivery-time';
import { deliver as loggingDeliver } from '../04-real-life/logging/deliver';
import { createCustomerApp as loggingCustomerApp } from '../04-real-life/logging/customer-app';
import { createEdgeApp as loggingEdgeApp } from '../04-real-life/logging/edge-app';
import { createTranslationApp as loggingTranslationApp } from '../04-real-life/logging/translation-app';
import { greetingOrdered, legacyOrder, parseOrder, parseOrderEvent } from '../04-real-life/orders';
import { remoteSampler } from '../04-real-life/sampling';
import { count, emptyStats } from '../04-real-life/stats-model';
import { createCustomerApp } from '../04-real-life/tracing/customer-app';
import { deliver } from '../04-real-life/tracing/deliver';
import { createEdgeApp } from '../04-real-life/tracing/edge-app';
import { orderGreeting } from '../04-real-life/tracing/order-greeting';
import { createTranslationApp } from '../04-real-life/tracing/translation-app';
import { PoisonMessage } from '../lib/consume';
import { traceMessages } from '../lib/kafka-tracing';
import { traceAxios } from '../lib/tracing';
import { listen } from './support/http';
import { memoryLogger } from './support/logs';
import { assertTags, memoryTracer, padId, type FinishedSpan } from './support/tracing';

afterEach(() => {
  delete process.env.TRANSLATION_FAILURE_RATE;
  delete process.env.TRANSLATION_DELAY_MS;
});

interface Sent {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Stands in for kafkajs' producer (real Kafka is in the e2e suite); fails when told to. */
function recordingProducer(fail?: Error) {
  const sent: Sent[] = [];
  const producer = {
    send: async ({ topic, messages }: { topic: string; messages: { key: string; value: string; headers: Record<string, string> }[] }) => {
      if (fail) throw fail;
      for (const m of messages) sent.push({ topic, key: m.key, value: m.value, headers: m.headers });
    },
  } as unknown as Producer;
  return { producer, sent };
}

/** The message as the consumer receives it: header values are Buffers. */
const delivered = (m: Sent, offset = 0): KafkaMessage =>
  ({
    offset: String(offset),
    key: Buffer.from(m.key),
    value: Buffer.from(m.value),
    headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(v)])),
  }) as unknown as KafkaMessage;

/** The tracing variant's HTTP services, wired like the step's entry files do. */
async function tracedStep({ translationTimeout = 2000, kafkaError }: { translationTimeout?: number; kafkaError?: Error } = {}) {
  const quiet = memoryLogger('tracer').logger;
  const logs = { client: memoryLogger('greeting-client'), edge: memoryLogger('edge'), customers: memoryLogger('customer-service'), translation: memoryLogger('translation-service'), delivery: memoryLogger('delivery') };
  const tracers = {
    client: memoryTracer('greeting-client', quiet),
    edge: memoryTracer('edge', quiet),
    customers: memoryTracer('customer-service', quiet),
    translation: memoryTracer('translation-service', quiet),
    delivery: memoryTracer('delivery', quiet),
  };
  const customerService = await listen(createCustomerApp(logs.customers.logger, tracers.customers.tracer));
  const translationService = await listen(createTranslationApp(logs.translation.logger, tracers.translation.tracer));
  const customers = traceAxios(axios.create({ baseURL: customerService.url }), tracers.edge.tracer, 'customer-service');
  const translations = traceAxios(axios.create({ baseURL: translationService.url, timeout: translationTimeout }), tracers.edge.tracer, 'translation-service');
  const kafka = recordingProducer(kafkaError);
  const edge = await listen(createEdgeApp(logs.edge.logger, tracers.edge.tracer, customers, translations, kafka.producer));
  const http = traceAxios(axios.create({ baseURL: edge.url }), tracers.client.tracer, 'edge');
  return {
    logs,
    tracers,
    sent: kafka.sent,
    order: (customer: string, name = 'Charles', lang = 'es') => orderGreeting(http, logs.client.logger, tracers.client.tracer, { customer, name, lang }),
    /** Delivers a sent message through the delivery consumer's tracing, as the step does. */
    async deliver(m: Sent) {
      const state = { express: 0, standard: 0 };
      const around = traceMessages(tracers.delivery.tracer, 'delivery');
      await around(m.topic, 0, delivered(m), async () => {
        await deliver(logs.delivery.logger, tracers.delivery.tracer, parseOrderEvent(delivered(m).value), state);
      });
      return state;
    },
    async close() {
      await edge.close();
      await customerService.close();
      await translationService.close();
    },
    one(service: keyof typeof tracers, operation: string): FinishedSpan {
      const found = tracers[service].spans().filter((s) => s.operationName === operation);
      assert.equal(found.length, 1, `one ${service} "${operation}" span, got ${tracers[service].spans().map((s) => s.operationName).join(', ')}`);
      return found[0]!;
    },
  };
}

describe('04 tracing: tags and baggage across HTTP and Kafka', () => {
  test('an order is one trace: client, edge, customer-service, translation-service, the To_ span, then delivery by FOLLOWS_FROM', async () => {
    process.env.DELIVERY_DELAY_MS = '10';
    const step = await tracedStep();
    assert.equal(await step.order('ada'), true);
    assert.equal(step.sent.length, 1);
    const state = await step.deliver(step.sent[0]!);
    await step.close();

    const root = step.one('client', 'order-greeting');
    const call = step.one('client', 'POST /greetings');
    const edge = step.one('edge', 'POST /greetings');
    const lookup = step.one('edge', 'GET /customers/:id');
    const customer = step.one('customers', 'GET /customers/:id');
    const translate = step.one('edge', 'GET /greetings/:lang');
    const translation = step.one('translation', 'GET /greetings/:lang');
    const produce = step.one('edge', 'To_greetings.orders');
    const consume = step.one('delivery', 'From_greetings.orders');
    const delivery = step.one('delivery', 'deliver');
    const chain: [FinishedSpan, FinishedSpan][] = [[call, root], [edge, call], [lookup, edge], [customer, lookup], [translate, edge], [translation, translate], [produce, edge], [delivery, consume]];
    for (const [child, parent] of chain) {
      assert.equal(child.traceId, root.traceId, `${child.operationName} is in the trace`);
      assert.equal(child.parentId, parent.spanId, `${child.operationName} is a child of ${parent.operationName}`);
    }
    assert.equal(root.parentId, undefined);
    assert.equal(consume.traceId, root.traceId);
    assert.deepEqual(consume.references, [{ type: 'follows_from', spanId: produce.spanId }], 'the consumer follows from the producer');

    // Business tags next to the standard ones, where the value becomes known.
    assertTags(edge, { 'span.kind': 'server', 'http.status_code': 202, 'customer.id': 'ada', 'customer.tier': 'premium', 'greeting.lang': 'es' });
    assertTags(customer, { 'customer.id': 'ada', 'customer.tier': 'premium' });
    assertTags(translation, { 'greeting.lang': 'es' });
    assertTags(produce, { 'span.kind': 'producer', 'message_bus.destination': 'greetings.orders', 'peer.service': 'kafka' });
    assertTags(lookup, { 'span.kind': 'client', 'peer.service': 'customer-service', 'http.status_code': 200 });

    // Baggage: set by the edge, in the message headers, read by delivery on the far side.
    assert.equal(step.sent[0]!.headers['uberctx-customer-tier'], 'premium');
    assert.match(step.sent[0]!.headers['uber-trace-id']!, new RegExp(`^${root.traceId}:${produce.spanId}:`));
    assertTags(delivery, { 'baggage.customer-tier': 'premium', 'delivery.speed': 'express' });
    assert.deepEqual(state, { express: 1, standard: 0 });
    assert.ok(step.logs.delivery.lines.some((l) => l.message === 'delivered (express)' && l.trace_id === padId(root.traceId)));
    for (const span of [root, call, edge, lookup, customer, translate, translation, produce, consume, delivery]) assert.equal(span.tags.error, undefined, span.operationName);
  });

  test('baggage travels on every hop after the edge set it, and only after', async () => {
    const step = await tracedStep();
    await step.order('linus');
    await step.close();
    // customer-service was called before the tier was known; translation-service after.
    assert.deepEqual(step.one('customers', 'GET /customers/:id').baggage, {});
    assert.deepEqual(step.one('translation', 'GET /greetings/:lang').baggage, { 'customer-tier': 'standard' });
    assert.deepEqual(step.one('edge', 'To_greetings.orders').baggage, { 'customer-tier': 'standard' });
    assert.equal(step.sent[0]!.headers['uberctx-customer-tier'], 'standard');
  });

  test('a standard customer gets standard delivery; without baggage delivery falls back to standard', async () => {
    process.env.DELIVERY_DELAY_MS = '10';
    const step = await tracedStep();
    await step.order('margaret');
    const standard = await step.deliver(step.sent[0]!);
    const withoutBaggage = Object.fromEntries(Object.entries(step.sent[0]!.headers).filter(([key]) => !key.startsWith('uberctx-')));
    const fallback = await step.deliver({ ...step.sent[0]!, headers: withoutBaggage });
    await step.close();
    assert.deepEqual(standard, { express: 0, standard: 1 });
    assert.deepEqual(fallback, { express: 0, standard: 1 });
    const spans = step.tracers.delivery.spans().filter((s) => s.operationName === 'deliver');
    assert.deepEqual(spans.map((s) => s.tags['baggage.customer-tier']), ['standard', 'standard']);
  });
});

describe('04 tracing: errors are error spans, and the caller gets a clean answer', () => {
  test('an unknown customer: 400 for the client, an error span on the edge call, no event', async () => {
    const step = await tracedStep();
    assert.equal(await step.order('zoe'), false);
    await step.close();
    assert.equal(step.sent.length, 0, 'nothing appended');
    const lookup = step.one('edge', 'GET /customers/:id');
    assertTags(lookup, { error: true, 'http.status_code': 404 });
    assert.equal(lookup.logs[0]?.event, 'error');
    assert.match(String(lookup.logs[0]?.message), /404/);
    assertTags(step.one('edge', 'POST /greetings'), { 'http.status_code': 400, 'customer.id': 'zoe', 'customer.tier': undefined });
    assertTags(step.one('client', 'POST /greetings'), { error: true, 'http.status_code': 400 });
    const warning = step.logs.client.lines.find((l) => l.level === 'warn');
    assert.match(String(warning?.message), /edge answered 400: unknown customer "zoe" \(trace [0-9a-f]{16}\)/);
  });

  test('a failing translation: 502, error spans with the stack on translation-service', async () => {
    process.env.TRANSLATION_FAILURE_RATE = '1';
    const step = await tracedStep();
    assert.equal(await step.order('ada'), false);
    await step.close();
    const translation = step.one('translation', 'GET /greetings/:lang');
    assertTags(translation, { error: true, 'http.status_code': 500 });
    assert.match(String(translation.logs[0]?.stack), /translation backend failed/);
    assertTags(step.one('edge', 'GET /greetings/:lang'), { error: true, 'http.status_code': 500 });
    assertTags(step.one('edge', 'POST /greetings'), { error: true, 'http.status_code': 502 });
    assert.equal(step.sent.length, 0);
  });

  test('a slow translation: the edge gives up and answers 504', async () => {
    process.env.TRANSLATION_DELAY_MS = '300';
    const step = await tracedStep({ translationTimeout: 50 });
    assert.equal(await step.order('ada'), false);
    await step.close();
    assertTags(step.one('edge', 'POST /greetings'), { error: true, 'http.status_code': 504 });
    assert.match(String(step.one('edge', 'GET /greetings/:lang').logs[0]?.message), /timeout/);
  });

  test('Kafka down: 503, the producer span is an error span', async () => {
    const step = await tracedStep({ kafkaError: new Error('Connection error: connect ECONNREFUSED') });
    assert.equal(await step.order('ada'), false);
    await step.close();
    assertTags(step.one('edge', 'To_greetings.orders'), { error: true });
    assertTags(step.one('edge', 'POST /greetings'), { error: true, 'http.status_code': 503 });
  });
});

describe('04 logging: the same system, no tracing', () => {
  test('an order is accepted and delivered, always standard: nothing tells delivery the tier', async () => {
    process.env.DELIVERY_DELAY_MS = '10';
    const logs = { edge: memoryLogger('edge'), customers: memoryLogger('customer-service'), translation: memoryLogger('translation-service'), delivery: memoryLogger('delivery') };
    const customerService = await listen(loggingCustomerApp(logs.customers.logger));
    const translationService = await listen(loggingTranslationApp(logs.translation.logger));
    const kafka = recordingProducer();
    const edge = await listen(loggingEdgeApp(logs.edge.logger, axios.create({ baseURL: customerService.url }), axios.create({ baseURL: translationService.url }), kafka.producer));
    const res = await fetch(`${edge.url}/greetings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customer: 'ada', name: 'Charles', lang: 'fr' }) });
    assert.equal(res.status, 202);
    assert.equal(((await res.json()) as { greeting: string }).greeting, 'Bonjour, Charles!');
    await Promise.all([edge.close(), customerService.close(), translationService.close()]);
    assert.deepEqual(kafka.sent[0]!.headers, {}, 'no trace context in the message');
    const state = { express: 0, standard: 0 };
    assert.equal(await loggingDeliver(logs.delivery.logger, parseOrderEvent(Buffer.from(kafka.sent[0]!.value)), state), 'standard');
    for (const { lines } of Object.values(logs)) for (const line of lines) assert.equal(line.trace_id, undefined);
  });
});

describe('04 domain', () => {
  test('orders: customer id, name, language (default en)', () => {
    assert.deepEqual(parseOrder({ customer: 'ada', name: ' Charles ' }), { customer: 'ada', name: 'Charles', lang: 'en' });
    for (const [body, error] of [
      [null, /JSON object/],
      [{ name: 'Charles' }, /customer must be an id/],
      [{ customer: 'Ada!', name: 'Charles' }, /customer must be an id/],
      [{ customer: 'ada' }, /name must be a string/],
      [{ customer: 'ada', name: 'Charles', lang: 'FR' }, /two-letter/],
    ] as const) {
      assert.throws(() => parseOrder(body), (err: Error & { status?: number }) => err.status === 400 && error.test(err.message));
    }
  });

  test('an event survives the trip through a message value; anything else is a poison message', () => {
    const event = greetingOrdered({ customer: 'ada', name: 'Charles', lang: 'en' }, 'Hello, Charles!');
    assert.deepEqual(parseOrderEvent(Buffer.from(JSON.stringify(event))), event);
    assert.equal(event.aggregateId, 'ada');
    assert.equal('tier' in event.data, false, 'the tier is not in the event: baggage carries it');
    for (const [value, reason] of [
      [JSON.stringify(legacyOrder('ada', 'Charles')), /unknown event type "GreetingRequested"/],
      ['{"type"', /not JSON/],
      [JSON.stringify({ ...event, data: { name: 'x' } }), /missing fields/],
    ] as const) {
      assert.throws(() => parseOrderEvent(Buffer.from(value)), (err: Error) => err instanceof PoisonMessage && reason.test(err.message));
    }
  });

  test('stats count per language and customer', () => {
    const stats = emptyStats();
    for (const [customer, lang] of [['ada', 'en'], ['ada', 'es'], ['linus', 'es']]) count(stats, greetingOrdered({ customer: customer!, name: 'X', lang: lang! }, 'Hi'));
    assert.deepEqual(stats, { greetings: 3, byLang: { en: 1, es: 2 }, byCustomer: { ada: 2, linus: 1 } });
  });

  test('the burst: N orders over the known customers, plus one unknown customer with BURST_FAULTS', () => {
    const { orders, faults } = burst(undefined);
    assert.equal(faults, true);
    assert.equal(orders.length, 13);
    assert.deepEqual(orders.filter((o) => o.customer === 'zoe').length, 1);
    process.env.BURST_FAULTS = '0';
    try {
      assert.deepEqual(burst('3'), { faults: false, orders: [{ customer: 'ada', name: 'Charles', lang: 'en' }, { customer: 'grace', name: 'Alan', lang: 'es' }, { customer: 'linus', name: 'Ken', lang: 'fr' }] });
    } finally {
      delete process.env.BURST_FAULTS;
    }
    for (const bad of ['abc', '-5', '1.5', '0']) assert.throws(() => burst(bad), /whole number from 1 to 10000, got "/);
  });

  test('delivery times: express is a tenth of standard', () => {
    process.env.DELIVERY_DELAY_MS = '300';
    assert.equal(deliveryTime('standard'), 300);
    assert.equal(deliveryTime('express'), 30);
  });

  test('the remote sampler asks the agent every second', () => {
    assert.deepEqual(remoteSampler(), { type: 'remote', param: 1, hostPort: '127.0.0.1:5778', refreshIntervalMs: 1000 });
  });
});
