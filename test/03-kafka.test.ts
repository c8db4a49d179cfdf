// Step 03's pure parts, in process: event and command validation, the projection, the
// consumer's state file, and the trace context's round trip through Kafka headers.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import kafkajs, { type KafkaMessage } from 'kafkajs';
import { FORMAT_TEXT_MAP } from 'opentracing';
import { burst } from '../03-kafka/burst';
import { appendEvent, describeKafkaError, idempotentProducer } from '../lib/kafka';
import type { Kafka } from 'kafkajs';
import { isRetriable } from '../lib/lag';
import { traceMessage } from '../03-kafka/tracing/trace-message';
import { greetingSent, parseCommand, parseEvent, PoisonMessage } from '../03-kafka/events';
import { emptyReadModel, project, REMEMBERED_EVENTS, totalGreetings } from '../03-kafka/read-model';
import { JsonStore } from '../lib/store';
import { activeSpan } from '../lib/context';
import { extractHeaders, headersAsStrings, injectHeaders, traceMessages } from '../lib/kafka-tracing';
import { memoryLogger } from './support/logs';
import { assertTags, memoryTracer } from './support/tracing';

const buffer = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('03 events', () => {
  test('a GreetingSent event survives the trip through a message value', () => {
    const event = greetingSent('Ada', 'es');
    assert.deepEqual(parseEvent(buffer(event)), event);
    assert.equal(event.aggregateId, 'Ada');
    assert.match(event.eventId, /^[0-9a-f-]{36}$/);
  });

  for (const [what, value, reason] of [
    ['bad JSON', buffer('{"type": "GreetingSent"'), /not JSON/],
    ['an empty value', null, /not JSON/],
    ['a JSON array... of nothing', buffer('null'), /not a JSON object/],
    ['an unknown event type', buffer({ type: 'GreetingDeleted' }), /unknown event type "GreetingDeleted"/],
    ['missing fields', buffer({ type: 'GreetingSent', eventId: 'e1' }), /missing fields/],
    ['a field of the wrong type', buffer({ ...greetingSent('Ada', 'en'), data: { name: 42, lang: 'en' } }), /missing fields/],
  ] as const) {
    test(`${what} is a poison message`, () => {
      assert.throws(() => parseEvent(value), (err: Error) => err instanceof PoisonMessage && reason.test(err.message));
    });
  }

  test('commands: a name, and a language that defaults to en', () => {
    assert.deepEqual(parseCommand({ name: ' Ada ' }), { name: 'Ada', lang: 'en' });
    assert.deepEqual(parseCommand({ name: 'Ada', lang: 'es' }), { name: 'Ada', lang: 'es' });
    for (const [body, error] of [
      [[], /JSON object/],
      ['Ada', /JSON object/],
      [{}, /name must be a string/],
      [{ name: 'Ada', lang: 'ES' }, /two-letter/],
      [{ name: 'Ada', lang: 1 }, /two-letter/],
      [{ name: 'x'.repeat(65) }, /at most 64/],
    ] as const) {
      assert.throws(() => parseCommand(body), (err: Error & { status?: number }) => err.status === 400 && error.test(err.message));
    }
  });
});

describe('03 burst', () => {
  test('a count that is not a whole number from 1 to 10000 is one line and exit 2, nothing sent', async () => {
    const { logger, lines } = memoryLogger('producer');
    for (const bad of ['abc', '-5', '1.5', '0', '']) assert.equal(await burst(logger, bad, () => assert.fail('nothing is sent')), 2);
    assert.deepEqual(lines.map((l) => l.message).slice(0, 2), [
      'the number of greetings must be a whole number from 1 to 10000, got "abc"',
      'the number of greetings must be a whole number from 1 to 10000, got "-5"',
    ]);
  });
});

describe('03 read model', () => {
  test('counts greetings per visitor and language', () => {
    const model = emptyReadModel();
    for (const [name, lang] of [['Ada', 'en'], ['Ada', 'es'], ['Grace', 'es']]) project(model, greetingSent(name!, lang!));
    assert.equal(totalGreetings(model), 3);
    assert.deepEqual(model.visitors.Ada?.languages, { en: 1, es: 1 });
    assert.equal(model.visitors.Grace?.greetings, 1);
  });

  test('is idempotent: the same event twice counts once, also after other events of that visitor', () => {
    const model = emptyReadModel();
    const event = greetingSent('Ada', 'en');
    assert.equal(project(model, event), true);
    assert.equal(project(model, greetingSent('Ada', 'es')), true);
    assert.equal(project(model, event), false, 'a producer retry, delivered after another event');
    assert.equal(model.visitors.Ada?.greetings, 2);
    // The ids survive the trip through the state file.
    const reloaded = JSON.parse(JSON.stringify(model)) as typeof model;
    assert.equal(project(reloaded, event), false);
  });

  test('remembers the last REMEMBERED_EVENTS event ids, no more', () => {
    const model = emptyReadModel();
    const first = greetingSent('Ada', 'en');
    project(model, first);
    for (let i = 0; i < REMEMBERED_EVENTS; i++) project(model, greetingSent('Grace', 'en'));
    assert.equal(model.recentEventIds.length, REMEMBERED_EVENTS);
    assert.equal(project(model, first), true, 'too old to be recognised: the bound is the price of bounded memory');
  });
});

describe('03 consumer state file', () => {
  test('saves and loads; a missing or broken file gives the initial state', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const store = new JsonStore<{ n: number }>('projector', dir);
    assert.deepEqual(store.load({ n: 0 }), { n: 0 });
    store.save({ n: 7 });
    assert.deepEqual(new JsonStore<{ n: number }>('projector', dir).load({ n: 0 }), { n: 7 });
    writeFileSync(store.path, '{"n": 8'); // a torn write cannot happen (rename), but a hand edit can
    assert.deepEqual(store.load({ n: 0 }), { n: 0 });
  });
});

describe('03 trace context in Kafka headers', () => {
  const { logger } = memoryLogger('tracer');

  test('inject -> Buffers (as kafkajs delivers them) -> strings -> extract gives the producer context', () => {
    const { tracer } = memoryTracer('command-api', logger);
    const producer = tracer.startSpan('To_greetings.events');
    const headers = injectHeaders(tracer, producer);
    assert.deepEqual(Object.keys(headers), ['uber-trace-id']);
    const delivered = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)]));
    assert.deepEqual(headersAsStrings(delivered), headers);
    const context = extractHeaders(tracer, delivered);
    assert.equal(context?.toTraceId(), producer.context().toTraceId());
    assert.equal(context?.toSpanId(), producer.context().toSpanId());
  });

  test('without the conversion, jaeger-client cannot read the Buffers', () => {
    const { tracer } = memoryTracer('command-api', logger);
    const headers = injectHeaders(tracer, tracer.startSpan('To_x'));
    const buffers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)]));
    assert.throws(() => tracer.extract(FORMAT_TEXT_MAP, buffers));
  });

  test('the consumer span follows from the producer span and is active while the message is processed', async () => {
    const producing = memoryTracer('command-api', logger);
    const consuming = memoryTracer('projector', logger);
    const producer = producing.tracer.startSpan('To_greetings.events');
    producer.finish();
    const message = { offset: '41', headers: injectHeaders(producing.tracer, producer), value: null } as unknown as KafkaMessage;
    let active: unknown;
    await traceMessages(consuming.tracer, 'greetings-projector')('greetings.events', 2, message, async () => {
      active = activeSpan();
    });
    const [consumer] = consuming.spans();
    assert.equal(consumer?.operationName, 'From_greetings.events');
    assert.deepEqual(consumer?.references, [{ type: 'follows_from', spanId: producer.context().toSpanId() }]);
    assert.equal(consumer?.traceId, producer.context().toTraceId());
    assertTags(consumer, {
      'span.kind': 'consumer',
      component: 'kafkajs',
      'message_bus.destination': 'greetings.events',
      'kafka.partition': 2,
      'kafka.offset': 41,
      'kafka.consumer_group': 'greetings-projector',
      error: undefined,
    });
    assert.ok(active, 'a span was active inside');
  });

  test('a failure while processing is recorded on the consumer span and rethrown', async () => {
    const { tracer, spans } = memoryTracer('projector', logger);
    const message = { offset: '0', headers: {}, value: null } as unknown as KafkaMessage;
    await assert.rejects(
      traceMessages(tracer, 'g')('t', 0, message, async () => {
        throw new PoisonMessage('value is not JSON');
      }),
      PoisonMessage,
    );
    const [span] = spans();
    assert.equal(span?.tags.error, true);
    assert.deepEqual(span?.references, []); // no producer context: a new trace
    assert.equal(span?.logs[0]?.message, 'value is not JSON');
  });
});

describe('03 tracing/trace-message.ts: the consumer side, typed in the step', () => {
  const { logger } = memoryLogger('tracer');
  const asDelivered = (headers: Record<string, string>) =>
    ({ offset: '7', value: null, headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)])) }) as unknown as KafkaMessage;

  test('Buffers -> strings -> extract: the consumer span follows from the producer span, in its trace', async () => {
    const producing = memoryTracer('command-api', logger);
    const consuming = memoryTracer('projector', logger);
    const producer = producing.tracer.startSpan('To_greetings.events');
    const headers: Record<string, string> = {};
    producing.tracer.inject(producer, FORMAT_TEXT_MAP, headers);
    let active: unknown;
    await traceMessage(consuming.tracer, 'greetings-projector')('greetings.events', 1, asDelivered(headers), async () => {
      active = activeSpan();
    });
    const [consumer] = consuming.spans();
    assert.equal(consumer?.operationName, 'From_greetings.events');
    assert.equal(consumer?.traceId, producer.context().toTraceId());
    assert.deepEqual(consumer?.references, [{ type: 'follows_from', spanId: producer.context().toSpanId() }]);
    assertTags(consumer, { 'span.kind': 'consumer', component: 'kafkajs', 'message_bus.destination': 'greetings.events', 'kafka.partition': 1, 'kafka.offset': 7, 'kafka.consumer_group': 'greetings-projector' });
    assert.ok(active, 'the consumer span is active while the message is processed');
  });

  test('no trace headers: a new trace; a dead-lettered message: an error span', async () => {
    const { tracer, spans } = memoryTracer('notifier', logger);
    await traceMessage(tracer, 'g')('t', 0, asDelivered({}), async () => new PoisonMessage('value is not JSON'));
    const [span] = spans();
    assert.deepEqual(span?.references, []);
    assert.equal(span?.tags.error, true);
    assert.equal(span?.logs[0]?.message, 'value is not JSON');
  });
});

// kafkajs is CommonJS: its error classes come through the default export.
const { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } = kafkajs;

describe('Kafka errors: what is worth waiting for, and what to say', () => {
  // What kafkajs builds from error code 16 (its types declare less than it takes).
  const notCoordinator = new KafkaJSProtocolError({ message: 'This is not the correct coordinator for this group', type: 'NOT_COORDINATOR', code: 16, retriable: true } as unknown as Error);
  const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');

  test("a just-started broker's coordinator errors are retriable, also wrapped by kafkajs' retrier", () => {
    assert.equal(isRetriable(notCoordinator), true);
    assert.equal(isRetriable(new KafkaJSNumberOfRetriesExceeded(notCoordinator, { retryCount: 5, retryTime: 300 })), true);
    assert.equal(isRetriable(new Error('a bug')), false);
  });

  test('an answer from Kafka is not "Kafka is not reachable"', () => {
    assert.match(describeKafkaError(notCoordinator), /^Kafka at 127\.0\.0\.1:9092 answered: This is not the correct coordinator for this group$/);
    assert.match(describeKafkaError(refused), /^Kafka is not reachable at 127\.0\.0\.1:9092 \(Connection error: connect ECONNREFUSED/);
    assert.match(describeKafkaError(new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 300 })), /^Kafka is not reachable/);
  });
});

describe('appendEvent and the idempotent producer', () => {
  // A stand-in for kafkajs' producer: it records sends and says when it has connected.
  function fakeKafka() {
    const sent: string[] = [];
    let initialised = false;
    const producer = {
      // kafkajs' connect(): connected first, the producer id (what sends need) a moment later.
      connect: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        initialised = true;
      },
      send: async ({ topic }: { topic: string }) => {
        assert.ok(initialised, 'no send before the producer id is there');
        sent.push(topic);
      },
    };
    return { kafka: { producer: () => producer } as unknown as Kafka, producer, sent };
  }

  test('a request that comes before the first connection waits for it, then sends', async () => {
    const { kafka, sent } = fakeKafka();
    const p = idempotentProducer(kafka);
    const appending = appendEvent(p, 't', { aggregateId: 'a' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(sent, [], 'not before connect() is done (kafkajs 2.2.4 fails then)');
    await p.connect();
    await appending;
    assert.deepEqual(sent, ['t']);
  });

  test('not connected within KAFKA_CONNECT_WAIT_MS: a clean 503', async () => {
    process.env.KAFKA_CONNECT_WAIT_MS = '30';
    try {
      const { kafka } = fakeKafka();
      await assert.rejects(appendEvent(idempotentProducer(kafka), 't', { aggregateId: 'a' }), (err: Error & { status?: number }) => err.status === 503 && /not connected to 127\.0\.0\.1:9092 yet/.test(err.message));
    } finally {
      delete process.env.KAFKA_CONNECT_WAIT_MS;
    }
  });
});
