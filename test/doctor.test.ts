// npm run doctor's checks against conditions the test sets up: a port it holds, a port nobody
// holds, a Kafka address nothing listens on, tiny HTTP servers answering like Jaeger or
// Elasticsearch; the runner's timeout, the verdict and the command line. No external server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { dependencies, maxMapCount, memory, nodeVersion } from '../scripts/doctor/host';
import { elasticsearch, jaegerDeployment, jaegerQuery, kafka, logstash, samplingStrategy } from '../scripts/doctor/infra';
import { line, parseSteps, plan, runCheck, verdict, type Outcome } from '../scripts/doctor/plan';
import { listeners, parseSs, port } from '../scripts/doctor/ports';
import { pass, type Result } from '../scripts/doctor/result';

const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

/** A loopback HTTP server answering with handler; its port. */
async function serve(handler: RequestListener): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
const json = (body: unknown, status = 200): RequestListener => (_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** A port nothing listens on: one the kernel just gave out and took back. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('ports', () => {
  test('a port this process listens on: taken, by node with our pid, fixed by killing it', async () => {
    const taken = await serve((_req, res) => res.end());
    const result = await port(taken, 'hello-server');
    assert.equal(result.status, 'fail');
    if ((await listeners()) === undefined) return assert.match(result.detail, /^taken, hello-server cannot start \(no `ss` here/);
    assert.match(result.detail, new RegExp(`^taken by node \\(pid ${process.pid}: .*\\), hello-server cannot start$`));
    assert.equal(result.fix, `kill ${process.pid}`);
  });

  test('a free port passes', async () => {
    const free = await freePort();
    assert.deepEqual(await port(free, 'edge'), pass(`port ${free}`, 'free (edge)'));
  });

  test('ss output: IPv4, IPv6 and sockets of another user (no process column)', () => {
    const output = [
      'State  Recv-Q Send-Q      Local Address:Port  Peer Address:PortProcess',
      'LISTEN 0      511             127.0.0.1:3000       0.0.0.0:*    users:(("node",pid=4242,fd=19))',
      'LISTEN 0      50     [::ffff:127.0.0.1]:9092             *:*    users:(("java",pid=11894,fd=115))',
      'LISTEN 0      4096                    *:3001             *:*',
    ].join('\n');
    assert.deepEqual(parseSs(output), [
      { address: '127.0.0.1', port: 3000, process: 'node', pid: 4242 },
      { address: '[::ffff:127.0.0.1]', port: 9092, process: 'java', pid: 11894 },
      { address: '*', port: 3001, process: undefined, pid: undefined },
    ]);
  });
});

describe('infrastructure', () => {
  test('Kafka where nothing listens: fails fast, with the commands that start it', async () => {
    const started = Date.now();
    const result = await kafka(['127.0.0.1:1']);
    assert.equal(result.status, 'fail');
    assert.match(result.detail, /^not reachable at 127\.0\.0\.1:1 \(.*ECONNREFUSED.*\)$/);
    assert.equal(result.fix, '`docker compose -f docker-compose.kafka.yml up -d`, or `npm run infra:local -- up kafka`');
    assert.ok(Date.now() - started < 4000, 'within the 3 s timeout');
  });

  test("Jaeger's query API: a service list passes; anything else, or nothing, only warns (tracing works without it)", async () => {
    const jaeger = await serve(json({ data: ['edge', 'stats'], total: 2 }));
    assert.deepEqual(await jaegerQuery(`http://127.0.0.1:${jaeger}`), pass('Jaeger query API', `http://127.0.0.1:${jaeger}/api/services answers (2 services)`));
    const other = await jaegerQuery(`http://127.0.0.1:${await serve(json({ error: 'nope' }, 500))}`);
    assert.equal(other.status, 'warn');
    assert.match(other.detail, /answered HTTP 500, not Jaeger's service list/);
    const away = await jaegerQuery(`http://127.0.0.1:${await freePort()}`);
    assert.equal(away.status, 'warn');
    assert.match(away.detail, /^not reachable at .* \(ECONNREFUSED\): tracing still works, but no span is kept$/);
    assert.match(away.fix!, /docker compose -f docker-compose.jaeger.yml up -d/);
  });

  test("step 04's sampling strategy: per-operation rules pass, a bare default warns", async () => {
    const rules = await serve(json({ strategyType: 'PROBABILISTIC', operationSampling: { perOperationStrategies: [{}, {}] } }));
    const result = await samplingStrategy(`127.0.0.1:${rules}`, 'edge');
    assert.deepEqual([result.status, result.detail], ['pass', 'edge: per-operation rules (2) from the strategies file']);
    const bare = await serve(json({ strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 1 } }));
    const fallback = await samplingStrategy(`127.0.0.1:${bare}`, 'edge');
    assert.equal(fallback.status, 'warn');
    assert.match(fallback.detail, /no per-operation rules; Jaeger runs without 04-real-life\/jaeger\/sampling-strategies.json/);
    assert.match(fallback.fix!, /npm run infra:local -- up production/);
  });

  test('which Jaeger runs: an ingester means production; a collector and a query API without one, the all-in-one', async () => {
    const admin = await serve(json({ status: 'Server available' }));
    const ingester = await serve(json({ status: 'Server available' }));
    const query = `http://127.0.0.1:${await serve(json({ data: [] }))}`;
    const production = await jaegerDeployment('127.0.0.1', query, { collector: admin, ingester });
    assert.deepEqual([production.status, production.detail.split(':')[0]], ['pass', 'production']);
    const allInOne = await jaegerDeployment('127.0.0.1', query, { collector: admin, ingester: await freePort() });
    assert.deepEqual([allInOne.status, allInOne.detail.split(' (')[0]], ['pass', 'all-in-one']);
    const none = await jaegerDeployment('127.0.0.1', query, { collector: await freePort(), ingester: await freePort() });
    assert.equal(none.status, 'warn');
  });

  test('Elasticsearch: green or yellow passes; red or away warns with the command that starts it', async () => {
    const green = await serve(json({ status: 'green' }));
    assert.equal((await elasticsearch(`http://127.0.0.1:${green}`)).status, 'pass');
    const red = await elasticsearch(`http://127.0.0.1:${await serve(json({ status: 'red' }, 503))}`);
    assert.deepEqual([red.status, red.detail.endsWith('answered HTTP 503 (red): logs are not searchable')], ['warn', true]);
    const away = await elasticsearch(`http://127.0.0.1:${await freePort()}`);
    assert.equal(away.status, 'warn');
    assert.match(away.fix!, /docker compose -f docker-compose.elk.yml up -d.*npm run infra:local -- up elasticsearch/);
  });

  test('Logstash is optional: away warns, an empty LOGSTASH_URL passes', async () => {
    const away = await logstash(`http://127.0.0.1:${await freePort()}`);
    assert.equal(away.status, 'warn');
    assert.match(away.detail, /the apps say so once and log to the console only/);
    assert.equal((await logstash(`http://127.0.0.1:${await serve((_req, res) => res.end('ok'))}`)).status, 'pass');
    assert.equal((await logstash('')).status, 'pass');
  });
});

describe('the machine', () => {
  test('Node: 22 and later pass, 20 warns (end of life), older fails', async () => {
    assert.equal((await nodeVersion('24.11.0')).status, 'pass');
    assert.equal((await nodeVersion('22.0.0')).status, 'pass');
    const twenty = await nodeVersion('20.20.2');
    assert.deepEqual([twenty.status, /end of life/.test(twenty.detail)], ['warn', true]);
    assert.equal((await nodeVersion('18.19.0')).status, 'fail');
  });

  test('dependencies: missing, stale and matching node_modules', async () => {
    const root = mkdtempSync(join(tmpdir(), 'doctor-'));
    const lock = (packages: Record<string, object>) => JSON.stringify({ lockfileVersion: 3, packages: { '': {}, ...packages } });
    writeFileSync(join(root, 'package-lock.json'), lock({ 'node_modules/axios': { version: '1.2.0' }, 'node_modules/@esbuild/darwin-arm64': { version: '0.25.0', optional: true } }));
    assert.deepEqual(await dependencies(root), { status: 'fail', label: 'dependencies', detail: 'node_modules is missing', fix: 'npm ci' });
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'node_modules/.package-lock.json'), lock({ 'node_modules/axios': { version: '1.1.0' } }));
    const stale = await dependencies(root);
    assert.deepEqual([stale.status, stale.detail, stale.fix], ['fail', 'node_modules differs from package-lock.json: axios 1.1.0 (lock: 1.2.0)', 'npm ci']);
    writeFileSync(join(root, 'node_modules/.package-lock.json'), lock({ 'node_modules/axios': { version: '1.2.0' } }));
    assert.equal((await dependencies(root)).status, 'pass', 'an optional package for another platform is not missed');
  });

  test('vm.max_map_count and free memory, from files like /proc', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
    assert.equal((await maxMapCount(file('low', '65530\n'))).status, 'warn');
    assert.equal((await maxMapCount(file('ok', '262144\n'))).fix, undefined);
    assert.equal((await memory(file('little', 'MemTotal: 4000000 kB\nMemAvailable:    1048576 kB\n'))).detail, '1.0 GiB available: the ELK stack in Docker needs about 2 GiB');
    assert.equal((await memory(file('plenty', 'MemAvailable:    4194304 kB\n'))).status, 'pass');
  });
});

describe('plan, runner and verdict', () => {
  test('the checks of a step come from scripts/steps.ts: its ports, Kafka for 03 and 04, the sampling strategy for 04 only', () => {
    const keys = (dir: string) => plan([dir]).map((c) => c.key);
    assert.deepEqual(keys('01-http-simple'), ['node', 'dependencies', 'docker', 'compose', 'port:3000', 'jaeger-query', 'jaeger-agent', 'logstash']);
    assert.ok(keys('03-kafka').includes('kafka') && keys('03-kafka').includes('port:3004'));
    assert.ok(keys('04-real-life').includes('sampling:edge') && !keys('03-kafka').includes('sampling:edge'));
  });

  test('all steps: each check once, knowing every step it matters to', () => {
    const checks = plan(['01-http-simple', '02-http-distributed', '03-kafka', '04-real-life']);
    assert.equal(new Set(checks.map((c) => c.key)).size, checks.length);
    assert.deepEqual(checks.find((c) => c.key === 'kafka')?.steps, ['03-kafka', '04-real-life']);
    assert.deepEqual(checks.filter((c) => c.key.startsWith('port:')).map((c) => c.key.slice(5)), ['3000', '3001', '3002', '3003', '3004', '3010', '3011', '3012', '3013']);
  });

  test('a check that hangs is cut off: a failure if required, else a warning', async () => {
    const hang = () => new Promise<Result>(() => {});
    const required = await runCheck({ key: 'k', steps: ['01-http-simple'], required: true, label: 'Kafka', run: hang }, 50);
    assert.deepEqual([required.status, required.detail], ['fail', 'no answer within 0.05 s']);
    const optional = await runCheck({ key: 'l', steps: ['01-http-simple'], required: false, label: 'Logstash', run: hang }, 50);
    assert.equal(optional.status, 'warn');
  });

  test('verdict: failures block their steps only; warnings do not; exit 0 only when every step can run', () => {
    const outcome = (status: Outcome['status'], label: string, steps: string[]): Outcome => ({ status, label, detail: '', key: label, steps });
    const dirs = ['01-http-simple', '03-kafka'];
    const ok = verdict(dirs, [outcome('pass', 'port 3000', ['01-http-simple']), outcome('warn', 'Logstash', dirs)]);
    assert.deepEqual([ok.code, ok.text], [0, '✔ every step can run (1 warning: see the ! lines)']);
    const blocked = verdict(dirs, [outcome('fail', 'Kafka', ['03-kafka']), outcome('fail', 'port 3003', ['03-kafka'])]);
    assert.deepEqual([blocked.code, blocked.text], [1, '✖ ready: 01-http-simple; not ready: 03-kafka (Kafka, port 3003); fix the ✖ lines above']);
    const one = verdict(['03-kafka'], [outcome('fail', 'Kafka', ['03-kafka'])]);
    assert.equal(one.text, '✖ 03-kafka cannot run: Kafka; fix the ✖ lines above');
    assert.equal(verdict(['01-http-simple'], []).text, '✔ 01-http-simple can run');
  });

  test('one line per check: mark, label, what was found, and the fix for what is not right', () => {
    assert.equal(line({ status: 'fail', label: 'Kafka', detail: 'not reachable', fix: 'npm run infra:local -- up kafka' }, 8), '✖ Kafka    not reachable → npm run infra:local -- up kafka');
    assert.equal(line({ status: 'pass', label: 'Kafka', detail: 'answers' }, 8), '✔ Kafka    answers');
  });

  test('step arguments: 03, 03-kafka, 03-kafka/ (tab completion), none = all', () => {
    assert.deepEqual(parseSteps(['03', '04-real-life', '03-kafka/']), { dirs: ['03-kafka', '04-real-life'] });
    assert.deepEqual(parseSteps([]), { dirs: ['01-http-simple', '02-http-distributed', '03-kafka', '04-real-life'] });
    assert.deepEqual(parseSteps(['04', '05']), { bad: '05' });
  });
});

describe('npm run doctor', () => {
  const doctor = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/doctor.ts', ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });

  test('an unknown step: one line, exit 2', () => {
    const run = doctor(['05']);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'doctor: unknown step "05": use 01, 02, 03, 04 or a step folder (01-http-simple, 02-http-distributed, 03-kafka, 04-real-life)\n');
  });

  test("step 01 with its port taken: the port's line names this process, the verdict blocks the step, exit 1", async () => {
    const taken = await serve((_req, res) => res.end());
    const run = doctor(['01'], { HELLO_SERVER_PORT: String(taken) });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines[0], 'doctor: 01-http-simple');
    assert.ok(lines.some((l) => l.startsWith(`✖ port ${taken} `) && l.endsWith(`→ kill ${process.pid}`)), run.stdout);
    assert.equal(lines.at(-1), `✖ 01-http-simple cannot run: port ${taken}; fix the ✖ lines above`);
  });
});
