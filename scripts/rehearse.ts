// npm run rehearse [-- <step>...]: the talk, unattended, against the running infrastructure.
// Each step: its doctor checks, then `npm run <nn>:logging` and `npm run <nn>:tracing` (each
// with a timeout, output kept in .rehearse/<time>/), then one trace of the tracing run is
// looked up in Jaeger with every service it must cross. A table at the end; exit 0 only if
// every run passed.
//   npm run rehearse            all steps
//   npm run rehearse -- 03 04   only these
import { envUrl } from '../lib/env';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stripVTControlCharacters as stripAnsi } from 'node:util';
import { parseSteps, plan, runAll, runCheck, usage, type Outcome } from './doctor/plan';
import { reason } from './doctor/result';
import { steps } from './steps';

const RUN_TIMEOUT_MS = 120_000;
const PORT_WAIT_MS = 15_000;
const TRACE_WAIT_MS = 15_000; // spans reach Jaeger about a second after the run
const JAEGER_QUERY_URL = envUrl('JAEGER_QUERY_URL', 'http://127.0.0.1:16686').replace(/\/+$/, '');

const MACHINE = new Set(['node', 'docker', 'compose', 'max_map_count', 'memory']);

interface Row {
  step: string;
  variant: 'logging' | 'tracing';
  ok: boolean;
  result: string;
  seconds: number;
  spans?: number;
}

const parsed = parseSteps(process.argv.slice(2));
if ('bad' in parsed) {
  console.error(usage(parsed.bad, 'rehearse'));
  process.exit(2);
}
const logDir = join('.rehearse', new Date().toISOString().slice(0, 19).replace(/:/g, '-'));
mkdirSync(logDir, { recursive: true });

let current: { pid: number } | undefined;
let interrupted = false;
// The runs have their own process group (so that a timeout stops every process of a step):
// pass Ctrl-C on, let the step shut down cleanly, then print what ran.
process.on('SIGINT', () => {
  interrupted = true;
  if (current) process.kill(-current.pid, 'SIGINT');
});

/** Runs `npm run <script>` to the end or the timeout; its output goes to a log file too. */
function runScript(script: string, logFile: string): Promise<{ code: number | string; output: string; stderr: string }> {
  const log = createWriteStream(logFile);
  const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  current = { pid: child.pid! };
  let output = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => ((output += chunk), log.write(chunk)));
  child.stderr.on('data', (chunk: Buffer) => ((output += chunk), (stderr += chunk), log.write(chunk)));
  let timedOut = false;
  const stop = setTimeout(() => {
    timedOut = true;
    process.kill(-child.pid!, 'SIGINT');
    setTimeout(() => child.exitCode === null && process.kill(-child.pid!, 'SIGKILL'), 10_000).unref();
  }, RUN_TIMEOUT_MS);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(stop);
      current = undefined;
      log.end();
      resolve({ code: timedOut ? 'timeout' : (code ?? signal ?? 1), output: stripAnsi(output), stderr: stripAnsi(stderr) });
    });
  });
}

/** The line that says why a run failed: the last one on stderr (run-step's one clear line). */
function lastLine(stderr: string, output: string): string {
  const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('npm '));
  return lines(stderr).at(-1) ?? lines(output).at(-1) ?? 'no output';
}

interface Trace {
  spans: { processID: string }[];
  processes: Record<string, { serviceName: string }>;
}

async function fetchTrace(id: string): Promise<Trace | undefined> {
  const res = await fetch(`${JAEGER_QUERY_URL}/api/traces/${id}`, { signal: AbortSignal.timeout(3000) });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return ((await res.json()) as { data: Trace[] }).data[0];
}

/**
 * The trace ids of a run (`trace=<hex>` in its log lines), those printed by most of the
 * expected services first: a greeting's trace, not a health check's.
 */
function candidates(output: string, services: string[], max = 5): string[] {
  const seen = new Map<string, Set<string>>();
  for (const line of output.split('\n')) {
    const id = /\btrace=([0-9a-f]{16,32})\b/.exec(line)?.[1];
    if (!id) continue;
    const service = line.trim().split(/\s+/)[2] ?? '';
    if (!seen.has(id)) seen.set(id, new Set());
    if (services.includes(service)) seen.get(id)!.add(service);
  }
  return [...seen.entries()].sort((a, b) => b[1].size - a[1].size).slice(0, max).map(([id]) => id);
}

/** Looks for one trace of the run that crosses every expected service, for up to 15 s. */
async function checkTrace(output: string, services: string[]): Promise<{ ok: boolean; result: string; spans?: number }> {
  const ids = candidates(output, services);
  if (!ids.length) return { ok: false, result: 'the run printed no trace id (trace=...)' };
  const deadline = performance.now() + TRACE_WAIT_MS;
  let best = { id: ids[0]!, services: [] as string[], spans: 0 };
  let error = '';
  for (;;) {
    try {
      const traces = await Promise.all(ids.map(async (id) => ({ id, trace: await fetchTrace(id) })));
      error = '';
      for (const { id, trace } of traces) {
        if (!trace) continue;
        const found = [...new Set(trace.spans.map((s) => trace.processes[s.processID]?.serviceName ?? '?'))];
        const covered = services.filter((s) => found.includes(s));
        if (covered.length === services.length) return { ok: true, result: `pass (trace ${id})`, spans: trace.spans.length };
        if (covered.length > best.services.length) best = { id, services: covered, spans: trace.spans.length };
      }
    } catch (err) {
      error = `Jaeger query API at ${JAEGER_QUERY_URL}: ${reason(err)}`;
    }
    if (performance.now() > deadline) break;
    await sleep(1000);
  }
  if (error) return { ok: false, result: `fail: ${error}` };
  if (!best.services.length) return { ok: false, result: `fail: none of ${ids.length} printed trace ids is in Jaeger after ${TRACE_WAIT_MS / 1000} s` };
  const missing = services.filter((s) => !best.services.includes(s));
  return { ok: false, result: `fail: trace ${best.id} lacks ${missing.join(', ')} after ${TRACE_WAIT_MS / 1000} s`, spans: best.spans };
}

/**
 * Waits up to 15 s for the step's ports (the run before may still be shutting down, or someone
 * else's run is ending); the port still taken, with who holds it, or undefined when all are free.
 */
async function portsFree(dir: string, script: string): Promise<Outcome | undefined> {
  const checks = plan([dir]).filter((c) => c.key.startsWith('port:'));
  for (let deadline = 0; ; await sleep(500)) {
    const taken = (await Promise.all(checks.map((c) => runCheck(c)))).find((o) => o.status !== 'pass');
    if (!taken || (deadline && performance.now() > deadline)) return taken;
    if (!deadline) console.log(`  ${script}  waiting up to ${PORT_WAIT_MS / 1000} s: ${taken.label} ${taken.detail}`);
    deadline ||= performance.now() + PORT_WAIT_MS;
  }
}

async function rehearse(dir: string): Promise<Row[]> {
  const nn = dir.slice(0, 2);
  const outcomes: Outcome[] = [];
  for await (const outcome of runAll(plan([dir]))) outcomes.push(outcome);
  // A port taken now may be free in a moment: ports are checked (and waited for) before each run.
  const blocker = outcomes.find((o) => o.status === 'fail' && !o.key.startsWith('port:'));
  // Warnings about the machine (Node, Docker, kernel) do not matter to runs against running infrastructure.
  const problems = outcomes
    .filter((o) => o.status === 'fail' || (o.status === 'warn' && !MACHINE.has(o.key)))
    .map((o) => `${o.status === 'fail' ? '✖' : '!'} ${o.label}`);
  console.log(`${dir}: doctor ${problems.some((p) => p.startsWith('✖')) ? '✖' : '✔'}${problems.length ? ` (${problems.join(', ')}; \`npm run doctor -- ${nn}\` says more)` : ''}`);
  if (blocker) {
    const result = `fail: ${blocker.label} ${blocker.detail}${blocker.fix ? ` → ${blocker.fix}` : ''}`;
    return (['logging', 'tracing'] as const).map((variant) => ({ step: dir, variant, ok: false, result, seconds: 0 }));
  }
  const rows: Row[] = [];
  for (const variant of ['logging', 'tracing'] as const) {
    if (interrupted) break;
    const jaeger = outcomes.find((o) => o.key === 'jaeger-query');
    if (variant === 'tracing' && jaeger?.status !== 'pass') {
      const result = `fail: not run: no Jaeger query API at ${JAEGER_QUERY_URL} to check its traces (\`npm run doctor -- ${nn}\`)`;
      console.log(`  ${nn}:${variant}  ${result}`);
      rows.push({ step: dir, variant, ok: false, result, seconds: 0 });
      continue;
    }
    const busy = await portsFree(dir, `${nn}:${variant}`);
    if (busy) {
      const result = `fail: not run: ${busy.label} ${busy.detail} → ${busy.fix}`;
      console.log(`  ${nn}:${variant}  ${result}`);
      rows.push({ step: dir, variant, ok: false, result, seconds: 0 });
      continue;
    }
    // Steps 03 and 04 keep state (Kafka topics and consumer groups, DATA_DIR), shared by both
    // variants: each run starts from nothing, so that it prints the same figures every time.
    if (nn === '03' || nn === '04') {
      const reset = await runScript(`${nn}:reset`, join(logDir, `${nn}-${variant}-reset.log`));
      if (reset.code !== 0) {
        rows.push({ step: dir, variant, ok: false, result: `fail: npm run ${nn}:reset: ${lastLine(reset.stderr, reset.output)}`, seconds: 0 });
        continue;
      }
    }
    const started = Date.now();
    const run = await runScript(`${nn}:${variant}`, join(logDir, `${nn}-${variant}.log`));
    // The run's own time (what the slot must fit), not the wait for its spans.
    const row: Row = { step: dir, variant, ok: run.code === 0, result: 'pass', seconds: (Date.now() - started) / 1000 };
    if (run.code === 'timeout') row.result = `fail: timed out after ${RUN_TIMEOUT_MS / 1000} s`;
    else if (run.code !== 0) row.result = `fail: exit ${run.code}: ${lastLine(run.stderr, run.output)}`;
    else if (variant === 'tracing') Object.assign(row, await checkTrace(run.output, steps[dir]!.traceServices));
    console.log(`  ${nn}:${variant}  ${row.result}  ${row.seconds.toFixed(1)} s`);
    rows.push(row);
  }
  return rows;
}

function table(rows: Row[]): string {
  const cells = [
    ['step', 'variant', 'result', 'seconds', 'spans'],
    ...rows.map((r) => [r.step, r.variant, r.result, r.seconds.toFixed(1), r.spans === undefined ? '-' : String(r.spans)]),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const right = new Set([3, 4]); // numbers
  return cells.map((row) => row.map((cell, i) => (right.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

const started = Date.now();
const rows: Row[] = [];
for (const dir of parsed.dirs) {
  if (interrupted) break;
  rows.push(...(await rehearse(dir)));
}
const failed = rows.filter((r) => !r.ok).length;
const total = ((Date.now() - started) / 1000).toFixed(0);
console.log(`\n${table(rows)}\n`);
if (interrupted) console.log(`✖ interrupted after ${total} s; logs in ${logDir}/`);
else if (failed) console.log(`✖ ${failed} of ${rows.length} runs failed, in ${total} s; logs in ${logDir}/`);
else console.log(`✔ all ${rows.length} runs passed, in ${total} s; logs in ${logDir}/`);
process.exit(failed || interrupted ? 1 : 0);
