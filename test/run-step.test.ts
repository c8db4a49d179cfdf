// The whole-step scripts on a machine with nothing but Node: step 01 runs from start to a
// clean exit, and a step whose infrastructure is missing says so in one line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const npmRun = (args: string[], env: Record<string, string>) =>
  spawnSync('npm', ['run', '--silent', ...args], {
    env: { ...process.env, LOGSTASH_URL: '', JAEGER_AGENT_PORT: '9', ...env }, // no Logstash, spans to nowhere
    encoding: 'utf8',
    timeout: 60_000,
  });

test('npm run 01:tracing works with no Jaeger and no Logstash: logs and spans on the console, exit 0', () => {
  const run = npmRun(['01:tracing', '--', 'Ada', 'Grace'], {});
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /hello-client {2}greeting received {2}name=Ada {2}greeting=Hello, Ada! {2}trace=[0-9a-f]{16}/);
  assert.match(run.stdout, /hello-client {2}greeting received {2}name=Grace/);
  assert.equal((run.stdout.match(/Reporting span/g) ?? []).length, 4, 'two spans per greeting, printed');
  assert.match(run.stdout, /hello-server {2}SIGINT received, shutting down/);
});

test('npm run 03:tracing with Kafka away: one line naming it and how to start it, exit 1', () => {
  const run = npmRun(['03:tracing'], { KAFKA_BROKERS: '127.0.0.1:9' });
  assert.equal(run.status, 1);
  assert.equal(run.stdout, '');
  assert.equal(
    run.stderr.trim().split('\n').filter((l) => !l.includes('npm warn')).join('\n'),
    'Kafka is not reachable at 127.0.0.1:9: start it with `docker compose -f docker-compose.kafka.yml up -d` or `npm run infra:local -- up kafka`',
  );
});

test('a server that stops before it listens: its own line, then which server and that it exited, exit 1', () => {
  const run = npmRun(['01:tracing'], { HOST: '203.0.113.1' }); // not this machine's address
  assert.equal(run.status, 1);
  assert.deepEqual(run.stderr.trim().split('\n').filter((l) => !l.includes('npm warn')), [
    'hello-server cannot start: listen EADDRNOTAVAIL: address not available 203.0.113.1:3000',
    'hello-server did not start on port 3000: it exited (1)',
  ]);
});
