// The states between logging/ and tracing/: state k is logging/ with increments 1..k applied.
// Each file changes in exactly one increment, so an increment's diff is its files' diff.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STEPS, type StepIncrements } from './increments';

export const ROOT = join(import.meta.dirname, '..', '..');

/** '01', '1' or '01-http-simple' -> the step's increments. */
export function stepOf(arg: string | undefined): StepIncrements | undefined {
  return Object.entries(STEPS).find(([key, s]) => arg === key || arg === s.dir || arg?.padStart(2, '0') === key)?.[1];
}

const read = (dir: string) => new Map(readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

/** File name -> content after k increments. */
export function stateFiles(step: StepIncrements, k: number): Map<string, string> {
  const files = read(join(ROOT, step.dir, 'logging'));
  for (const increment of step.increments.slice(0, k)) {
    for (const file of increment.files) files.set(file, readFileSync(join(ROOT, step.dir, 'tracing', file), 'utf8'));
  }
  return files;
}

/** The unified diff of increment k (1-based), as git shows it. */
export function incrementDiff(step: StepIncrements, k: number, color = false): string {
  return step.increments[k - 1]!.files
    .map((file) => {
      const before = join(step.dir, 'logging', file);
      const args = ['--no-pager', 'diff', '--no-index', `--color=${color ? 'always' : 'never'}`, existsSync(join(ROOT, before)) ? before : '/dev/null', join(step.dir, 'tracing', file)];
      return spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout;
    })
    .join('');
}

export interface Run {
  file: string;
  /** Added lines, as they stand in tracing/. */
  added: string[];
  /** Typed on stage (a line carrying the idea), or pasted from a snippet. */
  typed: boolean;
}

/**
 * The added lines of increment k in order, cut into runs: each typed line is a run of its
 * own; the lines between are pasted runs (one snippet each). A context line ends a run.
 */
export function runs(step: StepIncrements, k: number): Run[] {
  const typedLine = (line: string) => step.increments[k - 1]!.type.some((key) => line.includes(key));
  const result: Run[] = [];
  let file = '';
  let current: Run | undefined;
  for (const line of incrementDiff(step, k).split('\n')) {
    if (line.startsWith('+++ ')) file = line.split('/').pop()!;
    else if (line.startsWith('@@')) current = undefined;
    else if (line.startsWith('+')) {
      const typed = typedLine(line.slice(1));
      if (!current || typed || current.typed) result.push((current = { file, added: [], typed }));
      current.added.push(line.slice(1));
    } else if (!line.startsWith('-')) current = undefined;
  }
  return result;
}

/** What the presenter types: a line without its indentation (the editor indents), plus Enter. */
export const typedChars = (lines: string[]) => lines.reduce((n, line) => n + line.trim().length + 1, 0);

export interface IncrementStats {
  k: number;
  title: string;
  lines: number;
  chars: number;
  typedLines: number;
  typedChars: number;
  snippets: number;
}

export function stats(step: StepIncrements): IncrementStats[] {
  return step.increments.map((increment, i) => {
    const all = runs(step, i + 1);
    const typed = all.filter((r) => r.typed).flatMap((r) => r.added);
    const added = all.flatMap((r) => r.added);
    return { k: i + 1, title: increment.title, lines: added.length, chars: typedChars(added), typedLines: typed.length, typedChars: typedChars(typed), snippets: all.filter((r) => !r.typed).length };
  });
}
