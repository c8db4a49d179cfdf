// Step 04's analytics, in process: decoding the spans Jaeger's collector writes to Kafka
// (fixtures made by Jaeger 1.62's own writer, see test/fixtures/jaeger-spans/generate.go.txt),
// the statistics, the links between services, and the dependency documents jaeger-query
// reads from Elasticsearch (against a stand-in HTTP server). No Kafka, no Elasticsearch.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { checkElasticsearch, dependencyDocuments, dependencyIndex, writeDependencies } from '../04-real-life/analytics/dependencies';
import { report } from '../04-real-life/analytics/report';
import { decodeSpan, durationMicros, isError, NotASpan, type Span } from '../04-real-life/analytics/spans';
import { callsBetweenServices, links, operationStats, percentile, type Call } from '../04-real-life/analytics/stats';

const FIXTURES = new URL('./fixtures/jaeger-spans/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));
const span = (name: string) => decodeSpan(fixture(`${name}.json`));

const ALL = [
  'a1-edge-post-greetings',
  'a2-customer-service-get-customer',
  'a3-edge-to-greetings-orders',
  'a4-delivery-from-greetings-orders',
  'b1-edge-post-greetings',
  'b2-customer-service-get-customer',
  'b3-edge-validate',
  'b4-delivery-from-lost-producer',
];
const allSpans = () => ALL.map(span);

describe('04 analytics: Jaeger JSON spans from Kafka', () => {
  test('a root span: hex ids, service, start, duration, typed tags', () => {
    assert.deepEqual(span('a1-edge-post-greetings'), {
      traceId: '5f2c9a0b1d3e4f60',
      spanId: '1a2b3c4d5e6f7081',
      operationName: 'POST /greetings',
      service: 'edge',
      startTime: new Date('2025-06-12T08:30:00.000Z'),
      durationMicros: 12500,
      references: [],
      tags: { 'span.kind': 'server', 'http.method': 'POST', 'http.status_code': 202, 'sampler.type': 'const', 'sampler.param': true },
    } satisfies Span);
  });

  test('a CHILD_OF reference has no refType on the wire; leading zeros of ids are kept', () => {
    assert.match(fixture('a2-customer-service-get-customer.json').toString(), /"references":\[\{"traceId":"[^"]+","spanId":"[^"]+"\}\]/);
    const s = span('a2-customer-service-get-customer');
    assert.equal(s.spanId, '00000000000000a2');
    assert.deepEqual(s.references, [{ refType: 'CHILD_OF', traceId: '5f2c9a0b1d3e4f60', spanId: '1a2b3c4d5e6f7081' }]);
    assert.equal(s.tags['cache.hit_ratio'], 0.75);
    assert.equal(s.tags['customer.id'], '42');
    assert.equal(s.durationMicros, 3200);
  });

  test('a consumer span: FOLLOWS_FROM the producer span, error=true, a 64-bit id no JS number holds', () => {
    const s = span('a4-delivery-from-greetings-orders');
    assert.equal(s.spanId, 'c0ffee0000000004');
    assert.deepEqual(s.references, [{ refType: 'FOLLOWS_FROM', traceId: '5f2c9a0b1d3e4f60', spanId: '3c3c3c3c3c3c3c3c' }]);
    assert.equal(s.tags.error, true);
    assert.equal(s.tags['kafka.offset'], 41);
    assert.equal(s.durationMicros, 250_000);
    assert.equal(isError(s), true);
  });

  test('a 128-bit trace id is 32 hex digits', () => {
    assert.equal(span('b1-edge-post-greetings').traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(span('b2-customer-service-get-customer').references[0]?.traceId, '0af7651916cd43dd8448eb211c80319c');
  });

  test('zero values jsonpb leaves out: error=false has no vBool, 0 has no vInt64', () => {
    const s = decodeSpan(JSON.stringify({
      traceId: 'AAAAAAAAAAAAAAAAAAAAAQ==',
      spanId: 'AAAAAAAAAAE=',
      startTime: '2025-06-12T08:30:00.123456789Z',
      duration: '0s',
      tags: [{ key: 'error', vType: 'BOOL' }, { key: 'retries', vType: 'INT64' }, { key: 'big', vType: 'INT64', vInt64: '9223372036854775807' }, { key: 'empty' }],
    }));
    assert.deepEqual(s.tags, { error: false, retries: 0, big: '9223372036854775807', empty: '' });
    assert.equal(isError(s), false);
    assert.equal(s.traceId, '0000000000000001');
    assert.equal(s.service, 'null-process-and-service-name');
    assert.equal(s.startTime.toISOString(), '2025-06-12T08:30:00.123Z');
    assert.equal(isError({ ...s, tags: { error: 'true' } }), true, "the UI's rule: a string 'true' too");
  });

  test('protobuf Durations to microseconds', () => {
    assert.equal(durationMicros('0.012500s'), 12500);
    assert.equal(durationMicros('0.250s'), 250_000);
    assert.equal(durationMicros('3600s'), 3_600_000_000);
    assert.equal(durationMicros('-0.5s'), -500_000);
    assert.equal(durationMicros('0.000000500s'), 0.5);
    assert.throws(() => durationMicros('12500'), NotASpan);
  });

  for (const [what, value] of [
    ['not JSON', 'oops'],
    ['an empty message', null],
    ['JSON without ids', '{"operationName":"x"}'],
    ['a trace id of 8 bytes', '{"traceId":"AAAAAAAAAAE=","spanId":"AAAAAAAAAAE="}'],
    ['the protobuf encoding', Buffer.from([0x0a, 0x10, 0, 0, 0, 0, 0, 0, 0, 1])],
  ] as const) {
    test(`${what} is not a span`, () => assert.throws(() => decodeSpan(value), NotASpan));
  }
});

describe('04 analytics: statistics', () => {
  test('percentiles by nearest rank', () => {
    const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert.deepEqual([50, 95, 99].map((p) => percentile(oneToTen, p)), [5, 10, 10]);
    const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);
    assert.deepEqual([50, 95, 99].map((p) => percentile(oneToTwenty, p)), [10, 19, 20]);
    const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.deepEqual([50, 95, 99].map((p) => percentile(oneToHundred, p)), [50, 95, 99]);
    assert.deepEqual([0, 50, 100].map((p) => percentile([7], p)), [7, 7, 7]);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  test('per service and operation: calls, errors, p50/p95/p99 in ms', () => {
    const row = (service: string, operation: string, calls: number, errors: number, p50: number, p95: number, p99: number) => ({ service, operation, calls, errors, p50, p95, p99 });
    assert.deepEqual(operationStats(allSpans()), [
      row('customer-service', 'GET /customers/:id', 2, 1, 3.2, 6, 6),
      row('delivery', 'From_greetings.orders', 2, 1, 120, 250, 250),
      row('edge', 'POST /greetings', 2, 0, 8, 12.5, 12.5),
      row('edge', 'To_greetings.orders', 1, 0, 1.1, 1.1, 1.1),
      row('edge', 'validate', 1, 0, 0.25, 0.25, 0.25),
    ]);
  });

  test('links: CHILD_OF across services is http, FOLLOWS_FROM is kafka, same service is none', () => {
    const { calls, unknownReferences } = callsBetweenServices(allSpans());
    assert.deepEqual(links(calls), [
      { parent: 'edge', child: 'customer-service', via: 'http', calls: 2 },
      { parent: 'edge', child: 'delivery', via: 'kafka', calls: 1 },
    ]);
    assert.equal(unknownReferences, 1, 'b4 follows from a producer span that never arrived');
  });

  test('links do not depend on the order spans arrive in', () => {
    const reversed = callsBetweenServices(allSpans().reverse());
    assert.deepEqual(links(reversed.calls), links(callsBetweenServices(allSpans()).calls));
    assert.equal(reversed.unknownReferences, 1);
  });

  test('without the parent spans, the references are only counted', () => {
    const { calls, unknownReferences } = callsBetweenServices([span('a2-customer-service-get-customer'), span('a4-delivery-from-greetings-orders')]);
    assert.deepEqual(calls, []);
    assert.equal(unknownReferences, 2);
  });

  test('the report, as printed', () => {
    const spans = allSpans();
    const { calls, unknownReferences } = callsBetweenServices(spans);
    const text = report({ topic: 'jaeger-spans', spans: 8, traces: 2, stats: operationStats(spans), links: links(calls), unknownReferences, notSpans: { count: 2, first: 'not JSON' } });
    assert.equal(
      text,
      [
        'jaeger-spans: 8 spans in 2 traces',
        '',
        'service           operation              calls  errors  p50 ms  p95 ms  p99 ms',
        'customer-service  GET /customers/:id         2       1    3.20    6.00    6.00',
        'delivery          From_greetings.orders      2       1     120     250     250',
        'edge              POST /greetings            2       0    8.00    12.5    12.5',
        'edge              To_greetings.orders        1       0    1.10    1.10    1.10',
        'edge              validate                   1       0    0.25    0.25    0.25',
        '',
        'parent -> child           calls  via',
        'edge -> customer-service      2  http',
        'edge -> delivery              1  kafka',
        '',
        '1 reference to a span never seen (not sampled, not flushed yet, or gone from the topic): ignored',
        "2 messages not in Jaeger's JSON span encoding (not JSON): skipped",
      ].join('\n'),
    );
  });
});

describe('04 analytics: the dependency documents jaeger-query reads', () => {
  const t0 = new Date('2025-06-12T08:30:00Z');
  const fixtureCalls = () => callsBetweenServices(allSpans()).calls;

  test('one index per UTC day, in Jaeger\'s layout', () => {
    assert.equal(dependencyIndex(new Date('2025-06-12T23:59:59.999Z')), 'jaeger-dependencies-2025-06-12');
    assert.equal(dependencyIndex(new Date('2025-06-13T00:00:00.000Z')), 'jaeger-dependencies-2025-06-13');
    assert.equal(dependencyIndex(new Date('2025-06-13T01:30:00+02:00')), 'jaeger-dependencies-2025-06-12');
  });

  test('the document: http and kafka calls summed per parent and child, a fixed id per day', () => {
    assert.deepEqual(dependencyDocuments(fixtureCalls(), t0), [
      {
        index: 'jaeger-dependencies-2025-06-12',
        id: '04-analytics-2025-06-12',
        document: {
          timestamp: '2025-06-12T08:30:00.000Z',
          dependencies: [
            { parent: 'edge', child: 'customer-service', callCount: 2 },
            { parent: 'edge', child: 'delivery', callCount: 1 },
          ],
        },
      },
    ]);
  });

  test('is what Jaeger\'s dbmodel.TimeDependencies marshals to: same fields, same order, same instant', () => {
    const jaeger = JSON.parse(fixture('dependencies-document.json').toString()) as { timestamp: string; dependencies: object[] };
    const [ours] = dependencyDocuments(fixtureCalls(), t0);
    const document = JSON.parse(JSON.stringify(ours?.document)) as typeof jaeger;
    assert.deepEqual(Object.keys(document), Object.keys(jaeger));
    assert.deepEqual(document.dependencies.map((d) => Object.keys(d)), jaeger.dependencies.map((d) => Object.keys(d)));
    assert.deepEqual(document.dependencies, jaeger.dependencies);
    assert.equal(jaeger.timestamp, '2025-06-12T08:30:00Z'); // Go's RFC 3339; ours has milliseconds
    assert.equal(Date.parse(document.timestamp), Date.parse(jaeger.timestamp));
  });

  test('calls on two days: two documents; the earlier one stamped with its last millisecond', () => {
    const call = (parent: string, child: string, via: Call['via'], time: string): Call => ({ parent, child, via, time: new Date(time) });
    const docs = dependencyDocuments(
      [
        call('edge', 'delivery', 'kafka', '2025-06-13T00:00:01Z'),
        call('edge', 'customer-service', 'http', '2025-06-12T22:00:00Z'),
        call('edge', 'delivery', 'http', '2025-06-13T09:00:00Z'),
      ],
      new Date('2025-06-13T10:00:00Z'),
    );
    assert.deepEqual(
      docs.map(({ index, id, document }) => [index, id, document.timestamp, document.dependencies]),
      [
        ['jaeger-dependencies-2025-06-12', '04-analytics-2025-06-12', '2025-06-12T23:59:59.999Z', [{ parent: 'edge', child: 'customer-service', callCount: 1 }]],
        ['jaeger-dependencies-2025-06-13', '04-analytics-2025-06-13', '2025-06-13T10:00:00.000Z', [{ parent: 'edge', child: 'delivery', callCount: 2 }]],
      ],
    );
  });

  test('written with PUT under the fixed id: a second run replaces, it does not add', async () => {
    const es = await fakeElasticsearch();
    try {
      const docs = dependencyDocuments(fixtureCalls(), t0);
      await writeDependencies(es.url, docs);
      await writeDependencies(es.url, docs);
      const template = {
        method: 'PUT',
        url: '/_index_template/demo-jaeger-dependencies',
        contentType: 'application/json',
        body: { index_patterns: ['jaeger-dependencies-*'], template: { settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: { properties: { timestamp: { type: 'date' } } } } },
      };
      const document = { method: 'PUT', url: '/jaeger-dependencies-2025-06-12/_doc/04-analytics-2025-06-12?refresh=wait_for', contentType: 'application/json', body: docs[0]?.document };
      // The template first (one shard, no replica: a single node stays green), then the document.
      assert.deepEqual(es.requests, [template, document, template, document]);
    } finally {
      await es.close();
    }
  });

  test('an Elasticsearch error is an error', async () => {
    const es = await fakeElasticsearch(400);
    try {
      await assert.rejects(writeDependencies(es.url, dependencyDocuments(fixtureCalls(), t0)), /refused the dependencies template: HTTP 400/);
      await checkElasticsearch(es.url).then(() => assert.fail('400 is not healthy'), (err: Error) => assert.equal(err.message, 'HTTP 400'));
    } finally {
      await es.close();
    }
  });

  test("p95-per-operation.json aggregates on fields of Jaeger's span mapping (duration in microseconds)", () => {
    const query = JSON.parse(readFileSync(new URL('../04-real-life/analytics/p95-per-operation.json', import.meta.url), 'utf8'));
    assert.equal(query.size, 0);
    const services = query.aggs.services;
    const operations = services.aggs.operations;
    const percentiles = operations.aggs.duration_us.percentiles;
    assert.deepEqual([services.terms.field, operations.terms.field, percentiles.field], ['process.serviceName', 'operationName', 'duration']);
    assert.deepEqual(percentiles.percents, [50, 95, 99]);
    const mapping = JSON.parse(fixture('jaeger-span-8-template.json').toString()).template.mappings.properties;
    assert.deepEqual(mapping.process.properties.serviceName, { type: 'keyword', ignore_above: 256 });
    assert.deepEqual(mapping.operationName, { type: 'keyword', ignore_above: 256 });
    assert.deepEqual(mapping.duration, { type: 'long' });
  });
});

describe('04 analytics: the CLI with its infrastructure away', () => {
  test('Elasticsearch away: one line naming it and how to start it, exit 1', async () => {
    const port = await closedPort();
    const run = await analytics({ ELASTICSEARCH_URL: `http://127.0.0.1:${port}` });
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      `Elasticsearch is not reachable at http://127.0.0.1:${port} (ECONNREFUSED): start step 04's pipeline with ` +
        '`docker compose -f 04-real-life/docker-compose.yml up -d` or `npm run infra:local -- up production`\n',
    );
  });

  test('Kafka away: one line naming it, exit 1, at once', async () => {
    const es = await fakeElasticsearch();
    try {
      const started = Date.now();
      const run = await analytics({ ELASTICSEARCH_URL: es.url, KAFKA_BROKERS: '127.0.0.1:9' });
      assert.equal(run.code, 1);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^Kafka is not reachable at 127\.0\.0\.1:9 \(ECONNREFUSED\): start step 04's pipeline with .*\n$/);
      assert.ok(Date.now() - started < 8000, 'no kafkajs retries first');
      assert.deepEqual(es.requests, [], 'nothing written');
    } finally {
      await es.close();
    }
  });

  test('an unknown argument: usage, exit 2', async () => {
    const run = await analytics({}, ['--bogus']);
    assert.deepEqual(run, { code: 2, stdout: '', stderr: 'usage: npm run 04:analytics [-- --follow]\n' });
  });
});

/** A loopback port nothing listens on (fetch refuses some well-known ones outright). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Recorded {
  method: string | undefined;
  url: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

/** Answers every request with status; records the writes (not the health checks). */
async function fakeElasticsearch(status = 200) {
  const requests: Recorded[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    if (req.method !== 'GET') requests.push({ method: req.method, url: req.url, contentType: req.headers['content-type'], body: JSON.parse(body) });
    res.writeHead(status, { 'content-type': 'application/json' }).end(status < 300 ? '{"result":"updated"}' : '{"error":{"reason":"bad"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// Asynchronous on purpose: the fake Elasticsearch runs in this process and must answer.
function analytics(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '04-real-life/analytics/analytics.ts', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
