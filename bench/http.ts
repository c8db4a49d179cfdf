// Load on HTTP servers with autocannon; each process is spawned as its npm script runs it.
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Result {
  label: string;
  requestsPerSec: number;
  latencyAvg: number;
  p99: number;
  errors: number;
  /** CPU time (user + system) of all the variant's processes per request, in µs. */
  cpuPerRequest: number;
}

export interface Proc {
  file: string;
  port: number;
  env?: Record<string, string>;
}

export interface Target {
  port: number;
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
}

// utime + stime of a process, in µs (Linux: /proc/<pid>/stat, fields 14 and 15, in clock ticks of 10 ms).
export function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

const lastCpu = String(availableParallelism() - 1);
let pinned: boolean | undefined; // decided (and this process pinned) when the first server starts
const pin = (cpu: string) => {
  pinned ??= process.env.BENCH_PIN !== '0' && availableParallelism() > 1 && spawnSync('taskset', ['-pc', '0', String(process.pid)]).status === 0;
  return pinned ? ['taskset', '-c', cpu] : [];
};

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1', () => resolve(s.end() && true)).on('error', () => resolve(false));
  });

async function start({ file, port, env }: Proc, common: Record<string, string>): Promise<ChildProcess> {
  // The servers on the last CPU, the load generator (this process) on the first: each variant
  // gets the same core to itself, whatever the scheduler would have mixed (BENCH_PIN=0: off).
  const [cmd, ...args] = [...pin(lastCpu), process.execPath, '--import', 'tsx', file];
  const child = spawn(cmd!, args, {
    env: { ...process.env, ...common, ...env },
    stdio: 'ignore', // the console costs the same in every variant; keep it out of the numbers
  });
  for (let i = 0; !(await listening(port)); i++) {
    if (i > 300 || child.exitCode !== null) throw new Error(`${file} did not start on ${port}`);
    await sleep(50);
  }
  return child;
}

// Busy share of all CPUs over 500 ms (Linux: /proc/stat's first line).
async function busy(): Promise<number> {
  const sample = () => {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
    return { total: ticks.reduce((a, b) => a + b, 0), idle: ticks[3]! + ticks[4]! };
  };
  const a = sample();
  await sleep(500);
  const b = sample();
  return 1 - (b.idle - a.idle) / (b.total - a.total);
}

/** Every variant sends its spans: without Jaeger the bench would measure spans being dropped. */
export async function requireJaeger(): Promise<void> {
  for (const port of [4318, 14268]) { // OTLP and the collector's HTTP (the agent's UDP port cannot be probed)
    if (!(await listening(port))) {
      console.error(`bench: Jaeger is not reachable on 127.0.0.1:${port}; start it first: npm run infra:local -- up`);
      process.exit(1);
    }
  }
}

/**
 * Waits until the machine is quiet (at most 30 s): Jaeger goes on storing the spans of the
 * previous variant for seconds after it stopped, and on two cores that would be charged to
 * the next one.
 */
export async function settle(): Promise<void> {
  for (let waited = 0; waited < 30_000 && (await busy()) > 0.08; waited += 500);
}

export interface Running {
  label: string;
  target: Target;
  children: ChildProcess[];
}

/** Starts a variant's processes (the last one is the one loaded) and warms it up. */
export async function startVariant(label: string, procs: Proc[], target: Target, env: Record<string, string>): Promise<Running> {
  const children: ChildProcess[] = [];
  for (const p of procs) children.push(await start(p, env));
  const running = { label, target, children };
  await measure(running, 2); // warm-up: JIT, sockets, connections
  return running;
}

/** Loads a running variant for seconds: its throughput, and its processes' CPU per request. */
export async function measure({ label, target, children }: Running, seconds: number): Promise<Result> {
  const cpu = () => children.reduce((sum, c) => sum + cpuMicros(c.pid!), 0);
  const before = cpu();
  const r = await autocannon({
    url: `http://127.0.0.1:${target.port}${target.path}`,
    method: target.method ?? 'GET',
    body: target.body,
    headers: target.body ? { 'content-type': 'application/json' } : {},
    connections: 10,
    duration: seconds,
  });
  const cpuPerRequest = (cpu() - before) / r.requests.total;
  const elapsed = (Number(r.finish) - Number(r.start)) / 1000 || seconds;
  return { label, requestsPerSec: r.requests.total / elapsed, latencyAvg: r.latency.average, p99: r.latency.p99, errors: r.errors + r.non2xx, cpuPerRequest };
}

/** Stops a variant's processes with SIGINT (they flush their spans), last started first. */
export async function stopVariant({ children }: Running): Promise<void> {
  for (const child of [...children].reverse()) {
    child.kill('SIGINT');
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  }
}
