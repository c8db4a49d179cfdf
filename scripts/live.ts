// The live-coding kit: builds <step>/live/ from logging/, one increment at a time.
//   npm run live -- 01 start | next | back | status
//   npm run live -- stats [--markdown]      typed lines and characters per increment
//   npm run live -- snippets                 writes .vscode/opentracing-<step>.code-snippets
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { envString } from '../lib/env';
import { STEPS, type StepIncrements } from './live/increments';
import { incrementDiff, ROOT, stateFiles, stats, stepOf } from './live/model';
import { allSnippets } from './live/snippets';

/** Characters a presenter types in a minute while talking: the slots are computed at this speed. */
export const TYPING_SPEED = 150;

const [first, second, ...rest] = process.argv.slice(2);
const usage = 'usage: npm run live -- <01|02|03|04> start|next|back|status  |  stats [--markdown]  |  snippets';

// LIVE_DIR names the folder (tests use their own, so as not to touch a presenter's live/).
const liveDir = (step: StepIncrements) => join(ROOT, step.dir, envString('LIVE_DIR', 'live'));
const marker = (step: StepIncrements) => join(liveDir(step), '.increment');
const current = (step: StepIncrements) => (existsSync(marker(step)) ? Number(readFileSync(marker(step), 'utf8')) : undefined);

function writeState(step: StepIncrements, k: number): void {
  rmSync(liveDir(step), { recursive: true, force: true });
  mkdirSync(liveDir(step), { recursive: true });
  for (const [file, content] of stateFiles(step, k)) writeFileSync(join(liveDir(step), file), content);
  writeFileSync(marker(step), String(k));
}

const title = (step: StepIncrements, k: number) =>
  k === 0 ? `increment 0 of ${step.increments.length}: logging only` : `increment ${k} of ${step.increments.length}: ${step.increments[k - 1]!.title}`;

function step(key: string | undefined, command: string | undefined): number {
  const s = stepOf(key);
  if (!s || !['start', 'next', 'back', 'status'].includes(command ?? '')) return fail(usage);
  const k = current(s);
  if (command === 'start') {
    writeState(s, 0);
    console.log(`${s.dir}/live/ is a copy of logging/: ${title(s, 0)}. Run it with npm run ${key}:live; then npm run live -- ${key} next`);
    return 0;
  }
  if (k === undefined) return fail(`${s.dir}/live/ does not exist yet: npm run live -- ${key} start`);
  if (command === 'status') {
    console.log(title(s, k));
    return 0;
  }
  const next = command === 'next' ? k + 1 : k - 1;
  if (next < 0 || next > s.increments.length) return fail(`${title(s, k)}: there is no ${command === 'next' ? 'next' : 'previous'} increment`);
  if (command === 'next') process.stdout.write(incrementDiff(s, next, process.stdout.isTTY && !process.env.NO_COLOR));
  writeState(s, next);
  console.log(title(s, next));
  return 0;
}

function printStats(markdown: boolean): number {
  for (const [key, s] of Object.entries(STEPS)) {
    const rows = stats(s);
    const typed = rows.reduce((n, r) => n + r.typedChars, 0);
    const total = rows.reduce((n, r) => n + r.chars, 0);
    const minutes = (typed / TYPING_SPEED).toFixed(1);
    if (markdown) {
      console.log(`\n| ${s.dir} increment | lines | characters | typed on stage | pasted (snippets) |\n| --- | --- | --- | --- | --- |`);
      for (const r of rows) console.log(`| ${r.k}. ${r.title} | ${r.lines} | ${r.chars} | ${r.typedLines} lines, ${r.typedChars} characters | ${r.snippets ? `${r.snippets} (\`ot${key}-${r.k}-1\`...)` : '-'} |`);
      console.log(`\nTyped: ${typed} of ${total} characters, ${minutes} min at ${TYPING_SPEED} characters a minute (slot: ${s.slot} min); the rest is pasted.`);
    } else {
      console.log(`${s.dir}: ${rows.length} increments, ${total} characters, ${typed} typed: ${minutes} min at ${TYPING_SPEED}/min (slot ${s.slot} min)`);
      for (const r of rows) console.log(`  ${r.k}. ${r.title}: ${r.lines} lines, ${r.chars} characters; typed ${r.typedLines} lines, ${r.typedChars} characters; ${r.snippets} snippets`);
    }
  }
  return 0;
}

function writeSnippets(): number {
  for (const { path, json } of allSnippets()) {
    mkdirSync(dirname(join(ROOT, path)), { recursive: true });
    writeFileSync(join(ROOT, path), json);
    console.log(`wrote ${path}`);
  }
  return 0;
}

function fail(line: string): number {
  console.error(line);
  return 2;
}

process.exitCode = first === 'stats' ? printStats(second === '--markdown') : first === 'snippets' ? writeSnippets() : rest.length ? fail(usage) : step(first, second);
