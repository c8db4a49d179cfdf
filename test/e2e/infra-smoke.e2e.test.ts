// The real infrastructure answers: Kafka carries headers, Elasticsearch finds by keyword, Jaeger lists services.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { JAEGER_QUERY_URL } from './support/jaeger';
import { cleanTopics, deleteTopics, kafka } from './support/kafka';

const ELASTICSEARCH_URL = process.env.ELASTICSEARCH_URL || 'http://127.0.0.1:9200';

test('Kafka: a message with headers goes through kafkajs and back', async (t) => {
  const topic = `e2e-smoke-${randomUUID().slice(0, 8)}`;
  await cleanTopics([topic]);
  t.after(() => deleteTopics([topic]));
  const producer = kafka().producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: 'k1', value: '{"hello":"kafka"}', headers: { 'uber-trace-id': 'abc:def:0:1' } }] });
  await producer.disconnect();

  const consumer = kafka().consumer({ groupId: `${topic}-group` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const received = await new Promise<{ key: string; value: string; header: string }>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) =>
        resolve({ key: String(message.key), value: String(message.value), header: String(message.headers?.['uber-trace-id']) }),
    });
  });
  await consumer.disconnect();
  assert.deepEqual(received, { key: 'k1', value: '{"hello":"kafka"}', header: 'abc:def:0:1' });
});

test('Elasticsearch: a document is found by a keyword field', async (t) => {
  const index = `e2e-smoke-${randomUUID().slice(0, 8)}`;
  const es = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${ELASTICSEARCH_URL}/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }));
  t.after(() => es(index, 'DELETE'));
  const created = await es(index, 'PUT', { mappings: { properties: { trace_id: { type: 'keyword' }, message: { type: 'text' } } } });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  await es(`${index}/_doc?refresh=true`, 'POST', { trace_id: '00c0ffee00c0ffee', message: 'greeting' });
  const found = await es(`${index}/_search`, 'POST', { query: { term: { trace_id: '00c0ffee00c0ffee' } } });
  const hits = (found.body.hits as { total: { value: number }; hits: { _source: { message: string } }[] });
  assert.equal(hits.total.value, 1);
  assert.equal(hits.hits[0]?._source.message, 'greeting');
});

test('Jaeger: the query API answers', async () => {
  const res = await fetch(`${JAEGER_QUERY_URL}/api/services`);
  assert.equal(res.status, 200);
  assert.ok(Array.isArray(((await res.json()) as { data: unknown }).data));
});
