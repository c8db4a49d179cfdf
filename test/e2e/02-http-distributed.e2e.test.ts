// Step 02 end to end: the real processes, their spans in Jaeger, their log lines through a
// Logstash stand-in into the real Elasticsearch, found with the README's query.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { es, indexLikeLogstash, installDemoTemplate } from './support/elasticsearch';
import { logstashReceiver } from './support/logstash';
import { assertParentChain, assertTags, spanOf, waitForTrace } from './support/jaeger';
import { npmRunToEnd, traceIds } from './support/processes';

const unique = (prefix: string) => `${prefix}${randomUUID().slice(0, 6)}`;
const SERVICES = ['hello-client', 'hello-service', 'translation-service'];

describe('02-http-distributed', () => {
  test('02:tracing: one trace across three services, five spans, three levels of processes', async () => {
    const name = unique('Ada');
    const { code, output } = await npmRunToEnd('02:tracing', [`${name}:es`]);
    assert.equal(code, 0, output);
    assert.doesNotMatch(output, /Warning/, 'no runtime warning on the presenter\'s screen (Node 24)');
    const [id] = traceIds(output);
    assert.match(output, new RegExp(`jaeger=http://127.0.0.1:16686/trace/${id}`));
    const trace = await waitForTrace(id!, 5);
    assert.equal(trace.spans.length, 5);
    const chain = [
      spanOf(trace, 'hello-client', 'say-hello'),
      spanOf(trace, 'hello-client', 'GET /hello/:name'),
      spanOf(trace, 'hello-service', 'GET /hello/:name'),
      spanOf(trace, 'hello-service', 'GET /greetings/:lang'),
      spanOf(trace, 'translation-service', 'GET /greetings/:lang'),
    ];
    assertParentChain(...chain);
    assertTags(chain[1]!, { 'span.kind': 'client', 'peer.service': 'hello-service', 'http.status_code': 200 });
    assertTags(chain[3]!, { 'span.kind': 'client', 'peer.service': 'translation-service', 'http.status_code': 200 });
    assertTags(chain[4]!, { 'span.kind': 'server', 'http.url': '/greetings/es', 'http.status_code': 200 });
  });

  test('with the failure switch on, the trace has error spans and the client reports it in one line', async () => {
    const { code, output } = await npmRunToEnd('02:tracing', [`${unique('Bob')}:de`], { TRANSLATION_FAILURE_RATE: '1' });
    assert.equal(code, 1);
    const line = output.match(/hello-service answered 502: translation-service failed: .*\(trace ([0-9a-f]+)\)/);
    assert.ok(line, output);
    const trace = await waitForTrace(line[1]!, 5);
    assertTags(spanOf(trace, 'translation-service', 'GET /greetings/:lang'), { error: true, 'http.status_code': 500 });
    assertTags(spanOf(trace, 'hello-service', 'GET /greetings/:lang'), { error: true });
    assertTags(spanOf(trace, 'hello-service', 'GET /hello/:name'), { error: true, 'http.status_code': 502 });
    assertTags(spanOf(trace, 'hello-client', 'say-hello'), { error: true });
    assert.ok(!/\n\s+at /.test(output), `no multi-line stack trace on the console:\n${output}`);
  });

  test("the Logstash payloads hold every documented field; in Elasticsearch the README's query finds all three services", async (t) => {
    const logstash = await logstashReceiver();
    t.after(() => logstash.close());
    const name = unique('Grace');
    const { code, output } = await npmRunToEnd('02:tracing', [`${name}:fr`], {
      LOGSTASH_URL: logstash.url,
      LOGSTASH_BATCH_INTERVAL_MS: '200',
    });
    assert.equal(code, 0, output);
    const [traceId] = traceIds(output);

    // What winston's Http transport sent: JSON arrays, one object per line.
    assert.ok(logstash.bodies.length > 0);
    for (const { contentType, body } of logstash.bodies) {
      assert.equal(contentType, 'application/json');
      assert.ok(Array.isArray(body));
    }
    const events = logstash.events().filter((e) => e.trace_id === traceId);
    assert.deepEqual([...new Set(events.map((e) => e.service))].sort(), SERVICES);
    for (const event of events) {
      for (const field of ['@timestamp', 'level', 'message', 'service', 'trace_id', 'span_id']) assert.ok(event[field], `${field} in ${JSON.stringify(event)}`);
      assert.match(String(event.level), /^(info|warn|error)$/); // plain, not colourized
    }
    const requested = events.find((e) => e.message === 'greeting requested');
    assert.deepEqual({ name: requested?.name, lang: requested?.lang }, { name, lang: 'fr' });

    // The pipeline's job, then the README's query.
    await installDemoTemplate();
    await indexLikeLogstash(logstash.events());
    const readme = readFileSync(new URL('../../02-http-distributed/README.md', import.meta.url), 'utf8');
    const query = readme.match(/curl -s "http:\/\/127\.0\.0\.1:9200\/([^"]+)"/)?.[1];
    assert.ok(query, 'the README gives a curl query');
    const found = await es<{ hits: { hits: { _index: string; _source: Record<string, unknown> }[] } }>(
      query.replace('$TRACE_ID', traceId!),
    );
    const hits = found.hits.hits;
    assert.deepEqual([...new Set(hits.map((h) => h._source.service))].sort(), SERVICES);
    assert.equal(hits.length, events.length);
    const timestamps = hits.map((h) => String(h._source['@timestamp']));
    assert.deepEqual(timestamps, [...timestamps].sort(), 'sorted by time');

    // The index template mapped the ids as keywords (exact match, aggregatable).
    const index = hits[0]!._index;
    const mapping = await es<Record<string, { mappings: { properties: Record<string, { type: string }> } }>>(`${index}/_mapping`);
    assert.equal(mapping[index]?.mappings.properties.trace_id?.type, 'keyword');
    assert.equal(mapping[index]?.mappings.properties.service?.type, 'keyword');
  });
});
