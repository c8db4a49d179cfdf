// `npm run trace`, with no Jaeger: the waterfall of real /api/traces answers (recorded from
// the steps, see test/fixtures/jaeger-api/README.md), the samples in the READMEs, the fetch
// layer and the CLI against a stand-in query API, and the one-line errors.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { fetchTrace, latestTrace, normalizeTraceId, type ApiTrace } from '../scripts/trace/jaeger-api';
import { renderTrace } from '../scripts/trace/render';

const fixture = (name: string): ApiTrace =>
  (JSON.parse(readFileSync(new URL(`./fixtures/jaeger-api/${name}.json`, import.meta.url), 'utf8')) as { data: ApiTrace[] }).data[0]!;
const followsFrom = fixture('03-follows-from'); // producer -> command-api -> Kafka -> projector + notifier
const order = fixture('04-order-baggage'); // twelve spans, six services, baggage and business tags
const unknownCustomer = fixture('04-unknown-customer'); // customer-service's 404, error spans on the callers
const poison = fixture('04-poison-message'); // both consumers fail to parse an old event

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'); // a literal ESC in a regex is a lint error
/** The lines that carry a bar, as [service, operation] (tags may continue below them). */
const spanLines = (lines: string[]) => lines.filter((l) => l.includes('█'));
const operations = (lines: string[]) => spanLines(lines).map((l) => l.match(/^.\s+(\S+)\s+(?:[↳⇢] )?(.+?)\s+\+\d/)!.slice(1).join(' '));

describe('renderTrace', () => {
  test('a small trace, line for line: nesting, markers, offsets, bars, error marks, tags below', () => {
    assert.deepEqual(renderTrace(unknownCustomer, { width: 120 }), [
      'trace 3669a479802743b1  5 spans  3 services  30 ms  started 2026-11-25T13:50:02.927Z',
      '   greeting-client   order-greeting                 +0 ms  30 ms  ██████████████████████████████',
      '✖  greeting-client     ↳ POST /greetings            +1 ms  26 ms  ·██████████████████████████···',
      '                           error: Request failed with status code 400  span.kind=client  http.status_code=400',
      '                           peer.service=edge',
      '   edge                  ↳ POST /greetings          +3 ms  22 ms  ···██████████████████████·····',
      '                             span.kind=server  http.status_code=400  customer.id=zoe  greeting.lang=en',
      '✖  edge                    ↳ GET /customers/:id     +9 ms  13 ms  ·········█████████████········',
      '                               error: Request failed with status code 404  span.kind=client  http.status_code=404',
      '                               peer.service=customer-service',
      '   customer-service          ↳ GET /customers/:id  +15 ms   2 ms  ···············██·············',
      '                                 span.kind=server  http.status_code=404  customer.id=zoe',
    ]);
  });

  test('FOLLOWS_FROM is marked apart from CHILD_OF, and the consumers hang under the producer span', () => {
    const lines = renderTrace(followsFrom);
    assert.deepEqual(operations(lines), [
      'producer send-greeting',
      'producer POST /greetings',
      'command-api POST /greetings',
      'command-api To_greetings.events',
      'projector From_greetings.events',
      'projector project',
      'notifier From_greetings.events',
      'notifier send-postcard',
    ]);
    const consumers = spanLines(lines).filter((l) => l.includes('From_greetings.events'));
    assert.equal(consumers.length, 2);
    for (const line of consumers) assert.match(line, / {10}⇢ From_greetings\.events/, 'one level under To_greetings.events');
    assert.match(spanLines(lines).find((l) => l.includes('To_greetings.events'))!, / {6}↳ To_greetings\.events/);
    assert.equal(lines.filter((l) => l.includes('follows from  span.kind=consumer')).length, 2);
    // The slow consumer starts two seconds later: its bar is at the far end.
    assert.match(spanLines(lines).at(-1)!, /\+2185 ms {2}201 ms {2}·{27}█{3}$/);
  });

  test('step 04: every span in tree order, siblings by start time, key, business and baggage tags', () => {
    const lines = renderTrace(order);
    assert.equal(lines[0], 'trace 8d4beb5729f664b2  12 spans  6 services  150 ms  started 2026-11-25T13:50:02.791Z');
    assert.deepEqual(operations(lines), [
      'greeting-client order-greeting',
      'greeting-client POST /greetings',
      'edge POST /greetings',
      'edge GET /customers/:id',
      'customer-service GET /customers/:id',
      'edge GET /greetings/:lang',
      'translation-service GET /greetings/:lang',
      'edge To_greetings.orders',
      'delivery From_greetings.orders', // same start as stats': by service name
      'delivery deliver',
      'stats From_greetings.orders',
      'stats count',
    ]);
    const text = lines.join('\n');
    assert.match(text, /↳ deliver .*\n {38}baggage\.customer-tier=premium {2}delivery\.speed=express$/m);
    assert.match(text, /span\.kind=server {2}http\.status_code=202 {2}customer\.id=ada {2}customer\.tier=premium/);
    assert.match(text, /span\.kind=client {2}http\.status_code=200 {2}peer\.service=translation-service/);
    assert.match(text, /span\.kind=producer {2}peer\.service=kafka {2}message_bus\.destination=greetings\.orders/);
    // Standard and instrumentation tags stay out of the way.
    assert.doesNotMatch(text, /http\.url|http\.method|component=|kafka\.offset|sampler\.|internal\.span/);
    assert.ok(!lines.some((l) => l.startsWith('✖')), 'no error in a good order');
  });

  test('error spans: marked, with the message of their error event', () => {
    const lines = renderTrace(poison);
    const errors = lines.filter((l) => l.startsWith('✖'));
    assert.deepEqual(errors.map((l) => l.split(/\s+/)[1]), ['stats', 'delivery']);
    assert.equal(lines.filter((l) => l.includes('error: unknown event type "GreetingRequested"')).length, 2);
  });

  test('a span whose parent is not in the trace is shown at the top level, marked', () => {
    const orphans = { ...poison, spans: poison.spans.filter((s) => s.operationName !== 'To_greetings.orders') };
    const lines = renderTrace(orphans);
    assert.deepEqual(spanLines(lines).map((l) => l.match(/^\S? +\S+ +(\S+ \S+)/)?.[1]), ['⇢ From_greetings.orders', '⇢ From_greetings.orders']);
    assert.equal(lines.filter((l) => l.includes('parent 585271dc1b498625 not in trace')).length, 2);
  });

  test('lines stay within the width, long operation names are cut in the middle', () => {
    const long = structuredClone(order);
    long.spans[0]!.operationName = `GET /customers/:id/orders/:orderId/lines/${'x'.repeat(60)}/details`;
    for (const trace of [followsFrom, order, unknownCustomer, poison, long]) {
      for (const width of [80, 100, 120]) {
        for (const line of renderTrace(trace, { width })) assert.ok(line.length <= width, `${line.length} > ${width}: ${line}`);
      }
    }
    assert.match(renderTrace(long, { width: 120 }).join('\n'), /GET \/customers\/:id\/order.*…x+\/details /);
  });

  test('no ANSI codes without colour; with colour, the same text once the codes are gone', () => {
    for (const trace of [followsFrom, order, unknownCustomer, poison]) {
      const plain = renderTrace(trace, { color: false });
      assert.ok(!plain.some((l) => l.includes('\u001b')));
      const colored = renderTrace(trace, { color: true });
      assert.ok(colored.some((l) => l.includes('\u001b[')));
      assert.deepEqual(colored.map((l) => l.replace(ANSI, '')), plain);
      // Error spans: a red, bold mark.
      assert.equal(colored.filter((l) => l.startsWith('\u001b[1;31m✖\u001b[0m')).length, plain.filter((l) => l.startsWith('✖')).length);
    }
  });
});

describe('the samples in the step READMEs', () => {
  // Every `npm run trace` output pasted in a README is what renderTrace draws for that recorded trace.
  const recorded = ['01-hello', '01-failure', '02-three-services', '03-follows-from', '04-order-baggage', '04-poison-message'].map(fixture);
  for (const step of ['01-http-simple', '02-http-distributed', '03-kafka', '04-real-life']) {
    test(step, () => {
      const readme = readFileSync(new URL(`../${step}/README.md`, import.meta.url), 'utf8');
      const samples = [...readme.matchAll(/^( *)```text\n\1(trace [0-9a-f]+ [^]*?)\n\1```$/gm)];
      assert.ok(samples.length >= 1, `a trace sample in ${step}/README.md`);
      for (const [, indent, sample] of samples) {
        const lines = sample!.split('\n').map((l) => (l.startsWith(indent!) ? l.slice(indent!.length) : l));
        const trace = recorded.find((t) => lines[0]!.startsWith(`trace ${t.traceID} `));
        assert.ok(trace, `${lines[0]}: recorded in test/fixtures/jaeger-api/`);
        assert.deepEqual(lines, renderTrace(trace));
      }
    });
  }
});

describe('trace ids and the query API', () => {
  test('trace ids as the apps print them, leading zeros dropped or not', () => {
    assert.equal(normalizeTraceId('8d4beb5729f664b2'), '8d4beb5729f664b2');
    assert.equal(normalizeTraceId('4d29b139db3748a'), '04d29b139db3748a');
    assert.equal(normalizeTraceId('ABC'), '0000000000000abc');
    assert.equal(normalizeTraceId('1' + '0'.repeat(20)), '000000000001' + '0'.repeat(20));
    assert.equal(normalizeTraceId('f'.repeat(32)), 'f'.repeat(32));
    for (const bad of ['', 'xyz', 'f'.repeat(33), '8d4b-eb57']) assert.equal(normalizeTraceId(bad), undefined);
  });

  // A stand-in jaeger-query: the recorded traces by id, and a search that answers all four.
  let server: Server;
  let url: string;
  const requests: string[] = [];
  before(async () => {
    const all = [followsFrom, order, unknownCustomer, poison];
    server = createServer((req, res) => {
      requests.push(req.url!);
      const path = new URL(req.url!, 'http://x');
      const reply = (status: number, data: unknown) => res.writeHead(status).end(JSON.stringify({ data }));
      if (path.pathname.startsWith('/slow/')) return; // never answers
      if (path.pathname.startsWith('/stalled/')) return res.writeHead(200).write('{"data":['); // starts, never ends
      if (path.pathname === '/api/services') return reply(200, ['edge', 'stats']);
      if (path.pathname === '/api/traces') return reply(200, path.searchParams.get('service') === 'edge' ? all : []);
      const trace = all.find((t) => path.pathname === `/api/traces/${t.traceID}`);
      return trace ? reply(200, [trace]) : reply(404, null);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  test('a trace by id; the newest of a service, searched over the last hour', async () => {
    assert.equal((await fetchTrace(url, '3669a479802743b1')).spans.length, 5);
    assert.equal((await latestTrace(url, 'edge')).traceID, '585271dc1b498625'); // started last
    const search = new URL(requests.find((r) => r.startsWith('/api/traces?'))!, 'http://x').searchParams;
    assert.equal(search.get('limit'), '20');
    assert.ok(Math.abs(Number(search.get('start')) - (Date.now() - 3_600_000) * 1000) < 60_000_000, 'start: an hour ago, in µs');
  });

  test('what goes wrong is said in one line', async () => {
    await assert.rejects(fetchTrace(url, '00000000deadbeef'), { message: `no trace 00000000deadbeef in Jaeger at ${url}: check the id, or wait a second for its spans to arrive` });
    await assert.rejects(latestTrace(url, 'nobody'), { message: 'no traces of service "nobody" in the last hour; services in Jaeger: edge, stats' });
    const start = 'start it with npm run infra:local -- up or docker compose -f docker-compose.jaeger.yml up -d';
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port)); // a port nothing listens on any more
      });
    });
    await assert.rejects(fetchTrace(`http://127.0.0.1:${closed}`, '3669a479802743b1'), {
      message: `Jaeger is not reachable at http://127.0.0.1:${closed} (ECONNREFUSED): ${start}`,
    });
    await assert.rejects(fetchTrace(`${url}/slow`, '3669a479802743b1', 300), {
      message: `Jaeger is not reachable at ${url}/slow (no answer in 0.3 s): ${start}`,
    });
    await assert.rejects(fetchTrace(`${url}/stalled`, '3669a479802743b1', 300), {
      message: `Jaeger is not reachable at ${url}/stalled (no answer in 0.3 s): ${start}`,
    });
  });

  test('the CLI prints the waterfall, and a usage line with exit 2 for bad arguments', async () => {
    // Not spawnSync: the stand-in server answers from this very process.
    const cli = (args: string[]) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        const options = { env: { ...process.env, JAEGER_QUERY_URL: url }, encoding: 'utf8', timeout: 20_000 } as const;
        execFile(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../scripts/trace.ts', import.meta.url)), ...args], options, (err, stdout, stderr) =>
          resolve({ status: typeof err?.code === 'number' ? err.code : err ? -1 : 0, stdout, stderr }),
        );
      });
    // Not a TTY: no colour, 120 columns, and the id as the apps print it, zeros dropped or not.
    const ok = await cli(['3669a479802743b1']);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout, renderTrace(unknownCustomer, { width: 120 }).join('\n') + '\n');
    for (const [args, message] of [
      [[], /^usage: npm run trace -- <traceId> {2}\| {2}npm run trace -- --service <name>\n$/],
      [['xyz'], /^"xyz" is not a trace id/],
      [['--service'], /^--service needs a service name/],
      [['--verbose', 'x'], /^unknown arguments "--verbose x"/],
    ] as const) {
      const run = await cli([...args]);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1);
      assert.equal(run.stdout, '');
    }
    const missing = await cli(['deadbeef']);
    assert.equal(missing.status, 1);
    assert.equal(missing.stderr, `no trace 00000000deadbeef in Jaeger at ${url}: check the id, or wait a second for its spans to arrive\n`);
  });
});
