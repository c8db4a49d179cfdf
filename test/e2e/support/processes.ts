// Runs npm scripts as real processes, exactly as a person would, with their output kept.
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Running {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or 128+n for a signal). */
  exited: Promise<number>;
  waitForOutput: (pattern: RegExp, ms?: number) => Promise<RegExpMatchArray>;
  /** Like Ctrl-C in a terminal: the signal goes to the whole process group. */
  signal: (signal: NodeJS.Signals) => void;
}

const SIGNALS: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

export function npmRun(script: string, args: string[] = [], env: Record<string, string> = {}): Running {
  const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    env: { ...process.env, LOGSTASH_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, like a terminal's foreground job
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? 128 + (SIGNALS[signal ?? ''] ?? 0))),
  );
  return {
    child,
    output: () => output,
    exited,
    async waitForOutput(pattern, ms = 20_000) {
      const end = performance.now() + ms;
      for (;;) {
        const match = output.match(pattern);
        if (match) return match;
        if (child.exitCode !== null || performance.now() > end) {
          throw new Error(`${script}: no output matching ${pattern}; output:\n${output}`);
        }
        await sleep(50);
      }
    },
    signal(signal) {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        /* already gone */
      }
    },
  };
}

/** Runs a script to completion. */
export async function npmRunToEnd(script: string, args: string[] = [], env: Record<string, string> = {}, ms = 60_000) {
  const run = npmRun(script, args, env);
  const timer = setTimeout(() => run.signal('SIGKILL'), ms);
  const code = await run.exited;
  clearTimeout(timer);
  return { code, output: run.output() };
}

/** Every trace id printed in log lines (trace=<id>). */
export const traceIds = (output: string): string[] => [...new Set([...output.matchAll(/trace=([0-9a-f]{16,32})/g)].map((m) => m[1]!))];
