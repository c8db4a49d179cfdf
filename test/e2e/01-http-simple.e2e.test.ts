// Step 01 end to end: the npm scripts as real processes, traces read back from Jaeger.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  assertChildOf,
  assertParentChain,
  assertTags,
  findTraces,
  spanOf,
  tag,
  waitForTrace,
  waitForTraces,
} from './support/jaeger';
import { npmRun, npmRunToEnd, traceIds } from './support/processes';

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

describe('01-http-simple', () => {
  test('01:tracing leaves one trace per greeting: client span -> server span, across two processes', async () => {
    const names = [unique('ada'), unique('grace')];
    const { code, output } = await npmRunToEnd('01:tracing', names);
    assert.equal(code, 0, output);
    assert.doesNotMatch(output, /Warning/, 'no runtime warning on the presenter\'s screen (Node 24)');
    const ids = traceIds(output);
    assert.equal(ids.length, 2, output);
    for (const [i, id] of ids.entries()) {
      // The client exited before we asked: its spans are there because it flushed on exit.
      const trace = await waitForTrace(id, 2);
      assert.equal(trace.spans.length, 2);
      const client = spanOf(trace, 'hello-client', 'say-hello');
      const server = spanOf(trace, 'hello-server', 'GET /hello/:name');
      assertParentChain(client, server);
      assertTags(client, {
        'span.kind': 'client',
        component: 'axios',
        'http.method': 'GET',
        'http.url': `http://127.0.0.1:3000/hello/${names[i]}`,
        'http.status_code': 200,
      });
      assertTags(server, {
        'span.kind': 'server',
        component: 'express',
        'http.method': 'GET',
        'http.url': `/hello/${names[i]}`,
        'http.status_code': 200,
        error: undefined,
      });
      assert.ok(server.startTime >= client.startTime, 'the server span starts inside the client span');
    }
  });

  test('a server stopped with SIGINT right after a request still delivers that span', async () => {
    const name = unique('sigint');
    // A one-minute flush interval: only the flush on shutdown can deliver the span.
    const server = npmRun('01:tracing:server', [], { JAEGER_REPORTER_FLUSH_INTERVAL: '60000' });
    await server.waitForOutput(/listening on/);
    const res = await fetch(`http://127.0.0.1:3000/hello/${name}`);
    assert.equal(res.status, 200);
    server.signal('SIGINT');
    await server.exited;
    assert.match(server.output(), /SIGINT received, shutting down/);
    const [trace] = await waitForTraces({ service: 'hello-server', tags: { 'http.url': `/hello/${name}` } });
    const span = spanOf(trace!, 'hello-server', 'GET /hello/:name');
    assert.deepEqual(span.references, []); // no caller: a root span
  });

  test('the failure switch gives error spans on both sides and one clean line from the client', async () => {
    const name = unique('failing');
    const { code, output } = await npmRunToEnd('01:tracing', [name], { HELLO_FAILURE_RATE: '1' });
    assert.equal(code, 1);
    const line = output.match(/hello-server answered 500: greeting for .* failed .*\(trace ([0-9a-f]+)\)/);
    assert.ok(line, output);
    const trace = await waitForTrace(line[1]!, 2);
    const client = spanOf(trace, 'hello-client', 'say-hello');
    const server = spanOf(trace, 'hello-server', 'GET /hello/:name');
    assertChildOf(server, client);
    assertTags(client, { error: true, 'http.status_code': 500 });
    assertTags(server, { error: true, 'http.status_code': 500 });
    const event = server.logs.flatMap((l) => l.fields).find((f) => f.key === 'stack');
    assert.match(String(event?.value), /at greet/);
  });

  test('01:logging works and leaves no trace', async () => {
    const name = unique('logging');
    const { code, output } = await npmRunToEnd('01:logging', [name]);
    assert.equal(code, 0, output);
    assert.match(output, new RegExp(`greeting received +name=${name}`));
    assert.deepEqual(traceIds(output), []);
    const traces = await findTraces({ service: 'hello-server', tags: { 'http.url': `/hello/${name}` } });
    assert.equal(traces.length, 0);
  });

  test('with Jaeger unreachable, 01:tracing still succeeds', async () => {
    const offline: Record<string, string>[] = [
      { JAEGER_AGENT_HOST: '127.0.0.1', JAEGER_AGENT_PORT: '9' }, // nothing listens there (UDP)
      { JAEGER_ENDPOINT: 'http://127.0.0.1:9/api/traces' }, // HTTP sender, connection refused
    ];
    for (const env of offline) {
      const { code, output } = await npmRunToEnd('01:tracing', [unique('offline')], env);
      assert.equal(code, 0, output);
      assert.equal((output.match(/greeting received/g) ?? []).length, 1);
      assert.ok(!/\n\s+at /.test(output), `no stack trace in the output:\n${output}`);
    }
  });

  test('the spans carry the jaeger-client process tags', async () => {
    const { code, output } = await npmRunToEnd('01:tracing', [unique('tags')]);
    assert.equal(code, 0, output);
    const trace = await waitForTrace(traceIds(output)[0]!, 2);
    const process = Object.values(trace.processes).find((p) => p.serviceName === 'hello-client');
    assert.ok(process?.tags.some((t) => t.key === 'jaeger.version' && String(t.value).startsWith('Node-3.19')));
    assert.equal(tag(spanOf(trace, 'hello-client', 'say-hello'), 'sampler.type'), 'const');
  });
});
