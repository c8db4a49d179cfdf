// `npm run trace` end to end: step 01 runs for real, then its trace is read back from the
// running Jaeger and drawn in the terminal, by id and as the newest trace of a service.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { JAEGER_QUERY_URL, waitForTrace } from './support/jaeger';
import { npmRunToEnd, traceIds } from './support/processes';

/** The output's lines that are not npm's own chatter. */
const linesOf = (output: string) => output.split('\n').filter((l) => l && !l.startsWith('npm warn'));

describe('npm run trace', () => {
  let traceId: string;
  let started: string; // the trace's start, as the header prints it

  before(async () => {
    const { code, output } = await npmRunToEnd('01:tracing', [`trace-${randomUUID().slice(0, 8)}`]);
    assert.equal(code, 0, output);
    traceId = traceIds(output)[0]!;
    assert.ok(traceId, output);
    // The viewer shows what Jaeger has: wait until both processes' spans are in.
    const trace = await waitForTrace(traceId, 2);
    started = new Date(Math.min(...trace.spans.map((s) => s.startTime)) / 1000).toISOString();
  });

  test('a trace by id: the client span, the server span under it, their tags', async () => {
    const { code, output } = await npmRunToEnd('trace', [traceId]);
    assert.equal(code, 0, output);
    const lines = linesOf(output);
    assert.match(lines[0]!, new RegExp(`^trace ${traceId} {2}2 spans {2}2 services {2}\\d+ ms {2}started ${started}$`));
    // One line per span with its bar (tags may go on the line below when they do not fit).
    const spans = lines.filter((l) => l.includes('█'));
    assert.equal(spans.length, 2, output);
    assert.match(spans[0]!, /^ {3}hello-client {2}say-hello +\+0 ms +\d+ ms {2}[█·]{30}$/);
    assert.match(spans[1]!, /^ {3}hello-server {4}↳ GET \/hello\/:name +\+\d+ ms +\d+ ms {2}[█·]{30}$/);
    // The root starts the trace. It spans all of it, unless the server's span ends a moment
    // later (its 'close' can come after the client has the answer: seen on a busy machine).
    const bar = (line: string) => line.slice(-30);
    assert.match(bar(spans[0]!), /^█+·*$/);
    assert.match(bar(spans[1]!), /^·+█+·*$/, 'the server span starts after the client span');
    assert.match(output, /span\.kind=client {2}http\.status_code=200/);
    assert.match(output, /span\.kind=server {2}http\.status_code=200/);
    assert.ok(!output.includes('\u001b['), 'no colour when stdout is not a terminal');
    for (const line of lines) assert.ok(line.length <= 120, line);
  });

  test('--service: the newest trace of hello-client', async () => {
    const { code, output } = await npmRunToEnd('trace', ['--service', 'hello-client']);
    assert.equal(code, 0, output);
    // Ours, or one that started later (someone else may be running step 01 too).
    const header = linesOf(output)[0]!.match(/^trace ([0-9a-f]{16,32}) .* started (\S+)$/);
    assert.ok(header && header[2]! >= started, output);
    assert.match(output, /\n {3}hello-client {2}say-hello /);
  });

  test('a wrong id: one line saying so, exit 1', async () => {
    const { code, output } = await npmRunToEnd('trace', ['123456789abcdef']); // zeros dropped: padded to 16
    assert.equal(code, 1);
    assert.deepEqual(linesOf(output), [
      `no trace 0123456789abcdef in Jaeger at ${JAEGER_QUERY_URL}: check the id, or wait a second for its spans to arrive`,
    ]);
  });

  test('Jaeger unreachable: one line naming it and how to start it, exit 1', async () => {
    const { code, output } = await npmRunToEnd('trace', [traceId], { JAEGER_QUERY_URL: 'http://127.0.0.1:1' });
    assert.equal(code, 1);
    assert.deepEqual(linesOf(output), [
      'Jaeger is not reachable at http://127.0.0.1:1 (ECONNREFUSED): start it with npm run infra:local -- up or docker compose -f docker-compose.jaeger.yml up -d',
    ]);
  });

  test('bad arguments: the usage line, exit 2', async () => {
    const { code, output } = await npmRunToEnd('trace', []);
    assert.equal(code, 2);
    assert.deepEqual(linesOf(output), ['usage: npm run trace -- <traceId>  |  npm run trace -- --service <name>']);
  });
});
