// A failing test must fail the run, not hang it: node --test waits for each file's process
// to exit, and a test that fails before its clean-up leaves handles open. One such test once
// kept CI busy until its 90 minutes ran out. Every test script runs with the flags that stop it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;

for (const name of ['test', 'test:e2e', 'test:e2e:production']) {
  test(`npm run ${name}: a failing test with open handles fails the run, and the run ends`, async () => {
    // The script's node arguments, on the leaky fixture instead of its glob of test files.
    const [node, ...args] = (scripts[name] ?? '').split(' ').filter((arg) => !arg.includes('*') && !arg.startsWith('--test-reporter'));
    assert.ok(node === 'node' && args.includes('--test'), `${name} runs node --test`);
    // Without NODE_TEST_CONTEXT: that is how node --test tells a file it runs under a runner.
    const env = { ...process.env, NODE_TEST_CONTEXT: undefined };
    // Its own process group: if it hangs, the kill below takes the file's process with it.
    const child = spawn(process.execPath, [...args, '--test-reporter=tap', 'test/fixtures/runner/leaky.ts'], { env, stdio: 'pipe', detached: true });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk));
    const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 30_000);
    const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(killer);
    assert.equal(code, 1, `exit 1 (null: still running after 30 s, killed)\n${out}`);
    assert.match(out, /^not ok 1 - fails and leaves a server/m);
  });
}
