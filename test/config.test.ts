// Configuration errors are one line naming the variable, the value and what is allowed,
// with exit 2: never a stack trace, never silence. Real processes, as a presenter starts them.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, envBrokers, envChoice, envMs, envNumber, envPort, envRate, envUrl } from '../lib/env';

/** Runs an npm script to its end; resolves with its exit code and output. */
function run(script: string, env: Record<string, string>, args: string[] = []) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
      env: { ...process.env, LOGSTASH_URL: '', JAEGER_AGENT_PORT: '9', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

const cases: { script: string; env: Record<string, string>; args?: string[]; line: string }[] = [
  { script: '01:tracing:server', env: { HELLO_SERVER_PORT: 'abc' }, line: 'HELLO_SERVER_PORT="abc" is not valid: a port, a whole number from 1 to 65535' },
  { script: '01:logging:server', env: { HELLO_SERVER_PORT: '99999' }, line: 'HELLO_SERVER_PORT="99999" is not valid: a port, a whole number from 1 to 65535' },
  { script: '01:tracing:server', env: { LOGSTASH_URL: 'notaurl' }, line: 'LOGSTASH_URL="notaurl" is not valid: an http:// or https:// URL, or nothing to turn it off' },
  { script: '01:tracing:server', env: { HELLO_FAILURE_RATE: '2' }, line: 'HELLO_FAILURE_RATE="2" is not valid: a fraction from 0 to 1' },
  { script: '02:tracing:translation', env: { TRANSLATION_FAILURE_RATE: 'often' }, line: 'TRANSLATION_FAILURE_RATE="often" is not valid: a fraction from 0 to 1' },
  { script: '02:logging:hello', env: { TRANSLATION_SERVICE_URL: 'translation:3002' }, line: 'TRANSLATION_SERVICE_URL="translation:3002" is not valid: an http:// or https:// URL' },
  { script: '01:logging:client', env: { LOG_LEVEL: 'bogus' }, line: 'LOG_LEVEL="bogus" is not valid: one of error, warn, info, debug' },
  { script: '01:tracing:client', env: { JAEGER_SAMPLER_TYPE: 'bogus' }, line: 'JAEGER_SAMPLER_TYPE="bogus" is not valid: one of const, probabilistic, ratelimiting, remote' },
  { script: '03:logging:command', env: { KAFKA_BROKERS: 'kafka' }, line: 'KAFKA_BROKERS="kafka" is not valid: host:port, comma-separated, like 127.0.0.1:9092' },
  { script: '04:tracing:edge', env: { TRANSLATIONS_TIMEOUT_MS: '-1' }, line: 'TRANSLATIONS_TIMEOUT_MS="-1" is not valid: milliseconds, a whole number of at least 0' },
  { script: '01:tracing', env: { HELLO_SERVER_PORT: 'abc' }, line: 'HELLO_SERVER_PORT="abc" is not valid: a port, a whole number from 1 to 65535' },
];

describe('a bad value is one line and exit 2', { concurrency: 4 }, () => {
  for (const c of cases) {
    test(`${c.script} with ${JSON.stringify(c.env)}`, async () => {
      const { code, stdout, stderr } = await run(c.script, c.env, c.args);
      assert.equal(code, 2, stdout + stderr);
      assert.equal(stderr.trim(), `configuration error: ${c.line}`);
      assert.doesNotMatch(stdout + stderr, /\n\s+at /, 'no stack trace');
    });
  }

  test('the producers: a count that is not a whole number from 1 to 10000', async () => {
    const { code, stdout } = await run('03:logging:producer', {}, ['-5']);
    assert.equal(code, 2);
    assert.match(stdout, /the number of greetings must be a whole number from 1 to 10000, got "-5"/);
  });
});

test('the whole-step runner reads .env like the processes it starts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dotenv-'));
  writeFileSync(join(dir, '.env'), 'HELLO_SERVER_PORT=3100\nHELLO_SERVER_URL=http://127.0.0.1:3100\n');
  const { code, stdout, stderr } = await run('01:tracing', { DOTENV_CONFIG_PATH: join(dir, '.env') }, ['Ada']);
  assert.equal(code, 0, stdout + stderr);
  assert.match(stdout, /hello-server listening on http:\/\/127\.0\.0\.1:3100/);
  assert.match(stdout, /greeting received {2}name=Ada/);
});

describe('lib/env.ts', () => {
  const withEnv = <T>(name: string, value: string | undefined, fn: () => T): T => {
    const before = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
    try {
      return fn();
    } finally {
      if (before === undefined) delete process.env[name];
      else process.env[name] = before;
    }
  };

  test('unset or empty means the default, everywhere', () => {
    for (const value of [undefined, '', '  ']) {
      assert.equal(withEnv('X_PORT', value, () => envPort('X_PORT', 3000)), 3000);
      assert.equal(withEnv('X_MS', value, () => envMs('X_MS', 5)), 5);
      assert.equal(withEnv('X_URL', value, () => envUrl('X_URL', 'http://a')), 'http://a');
      assert.deepEqual(withEnv('KAFKA_BROKERS', value, () => envBrokers()), ['127.0.0.1:9092']);
    }
    // The one exception, documented in .env.example: LOGSTASH_URL= turns shipping off.
    assert.equal(withEnv('X_URL', '', () => envUrl('X_URL', 'http://a', { emptyMeansOff: true })), '');
    assert.equal(withEnv('X_URL', undefined, () => envUrl('X_URL', 'http://a', { emptyMeansOff: true })), 'http://a');
  });

  test('good values are parsed, bad ones are a ConfigError', () => {
    assert.equal(withEnv('X', ' 3100 ', () => envPort('X', 1)), 3100);
    assert.equal(withEnv('X', '0.25', () => envRate('X')), 0.25);
    assert.equal(withEnv('X', 'debug', () => envChoice('X', 'info', ['info', 'debug'])), 'debug');
    assert.deepEqual(withEnv('X', 'a:1, b:2', () => envBrokers('X')), ['a:1', 'b:2']);
    const cases: [string, () => unknown][] = [
      ['1.5', () => envPort('X', 1)],
      ['0', () => envPort('X', 1)],
      ['-0.1', () => envRate('X')],
      ['NaN', () => envNumber('X', 1)],
      ['ftp://x', () => envUrl('X', 'http://a')],
      ['a:1,b', () => envBrokers('X')],
      ['a:70000', () => envBrokers('X')],
    ];
    for (const [value, fn] of cases) {
      assert.throws(() => withEnv('X', value, fn), ConfigError, value);
    }
  });
});
