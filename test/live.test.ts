// The live-coding kit never drifts from the code: the increments rebuild tracing/ exactly,
// every intermediate state compiles, the editor snippets and the README figures are what the
// increments make, and `npm run live` walks a step forwards and back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { STEPS } from '../scripts/live/increments';
import { ROOT, runs, stateFiles, stats } from '../scripts/live/model';
import { allSnippets } from '../scripts/live/snippets';

const read = (dir: string) => new Map(readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

for (const [key, step] of Object.entries(STEPS)) {
  describe(`${step.dir}: increments`, () => {
    test('applied in order to logging/, they give tracing/ file for file', () => {
      const files = step.increments.flatMap((i) => i.files);
      assert.equal(new Set(files).size, files.length, 'each file changes in one increment');
      const result = stateFiles(step, step.increments.length);
      const tracing = read(join(ROOT, step.dir, 'tracing'));
      assert.deepEqual([...result.keys()].sort(), [...tracing.keys()].sort());
      for (const [file, content] of tracing) assert.equal(result.get(file), content, `${step.dir}/tracing/${file}`);
      // ...and no increment touches a file that does not change.
      const logging = read(join(ROOT, step.dir, 'logging'));
      for (const file of files) assert.notEqual(logging.get(file), tracing.get(file), `${file} changes`);
    });

    test('every line named as typed on stage is in its increment', () => {
      step.increments.forEach((increment, i) => {
        const typed = runs(step, i + 1).filter((r) => r.typed).flatMap((r) => r.added);
        for (const key of increment.type) assert.ok(typed.some((line) => line.includes(key)), `increment ${i + 1}: "${key}"`);
      });
    });

    test("the README gives the increments' figures as `npm run live -- stats --markdown` prints them", () => {
      const readme = readFileSync(join(ROOT, step.dir, 'README.md'), 'utf8');
      const out = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/live.ts', 'stats', '--markdown'], { cwd: ROOT, encoding: 'utf8' }).stdout;
      const table = out.split(/\n(?=\n\| )/).find((block) => block.includes(`| ${step.dir} increment |`))!.trim();
      assert.ok(readme.includes(table), `${step.dir}/README.md has:\n${table}`);
      assert.equal(stats(step).length, step.increments.length);
      void key;
    });
  });
}

test('every intermediate state compiles (one tsc run over all of them)', { timeout: 120_000 }, () => {
  const dirs: string[] = [];
  try {
    for (const step of Object.values(STEPS)) {
      for (let k = 1; k < step.increments.length; k++) {
        const dir = join(ROOT, step.dir, `.live-check-${k}`);
        mkdirSync(dir, { recursive: true });
        dirs.push(dir);
        for (const [file, content] of stateFiles(step, k)) writeFileSync(join(dir, file), content);
      }
    }
    const config = join(ROOT, '.live-check.tsconfig.json');
    writeFileSync(config, JSON.stringify({ extends: './tsconfig.json', include: dirs.map((d) => `${d}/*.ts`) }));
    dirs.push(config);
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', config, '--noEmit'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});

test('the editor snippets are what the increments make (npm run live -- snippets)', () => {
  for (const { path, json } of allSnippets()) {
    assert.ok(existsSync(join(ROOT, path)), `${path} exists`);
    assert.equal(readFileSync(join(ROOT, path), 'utf8'), json, `${path} is up to date: npm run live -- snippets`);
  }
});

test('npm run live: start, next, status, back, with one line for a wrong use', () => {
  const env = { ...process.env, LIVE_DIR: `live-test-${process.pid}`, NO_COLOR: '1' };
  const live = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/live.ts', ...args], { cwd: ROOT, env, encoding: 'utf8' });
  const dir = join(ROOT, STEPS['01']!.dir, env.LIVE_DIR);
  try {
    assert.match(live('01', 'status').stderr, /live-test-\d+\/ does not exist yet|does not exist yet: npm run live -- 01 start/);
    assert.match(live('01', 'start').stdout, /increment 0 of 2: logging only/);
    assert.deepEqual(read(dir), read(join(ROOT, '01-http-simple/logging')));
    const next = live('01', 'next');
    assert.match(next.stdout, /\+ {2}tracer\.inject\(span, FORMAT_HTTP_HEADERS, headers\);/);
    assert.match(next.stdout, /increment 1 of 2: client side/);
    assert.equal(readFileSync(join(dir, 'say-hello.ts'), 'utf8'), readFileSync(join(ROOT, '01-http-simple/tracing/say-hello.ts'), 'utf8'));
    assert.equal(readFileSync(join(dir, 'app.ts'), 'utf8'), readFileSync(join(ROOT, '01-http-simple/logging/app.ts'), 'utf8'));
    live('01', 'next');
    assert.match(live('01', 'status').stdout, /increment 2 of 2: server side/);
    const past = live('01', 'next');
    assert.equal(past.status, 2);
    assert.match(past.stderr, /there is no next increment/);
    assert.match(live('01', 'back').stdout, /increment 1 of 2/);
    assert.equal(readFileSync(join(dir, 'app.ts'), 'utf8'), readFileSync(join(ROOT, '01-http-simple/logging/app.ts'), 'utf8'));
    const wrong = live('09', 'next');
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /^usage: npm run live/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
