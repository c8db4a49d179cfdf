// Load on HTTP servers with autocannon; each process is spawned as its npm script runs it.
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
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

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1', () => resolve(s.end() && true)).on('error', () => resolve(false));
  });

async function start({ file, port, env }: Proc, common: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, ...common, ...env },
    stdio: 'ignore', // the console costs the same in every variant; keep it out of the numbers
  });
  for (let i = 0; !(await listening(port)); i++) {
    if (i > 300 || child.exitCode !== null) throw new Error(`${file} did not start on ${port}`);
    await sleep(50);
  }
  return child;
}

/** Starts procs (the last one is loaded), loads target for seconds, stops them with SIGINT. */
export async function load(label: string, procs: Proc[], target: Target, seconds: number, env: Record<string, string>): Promise<Result> {
  const children: ChildProcess[] = [];
  try {
    for (const p of procs) children.push(await start(p, env));
    const options = {
      url: `http://127.0.0.1:${target.port}${target.path}`,
      method: target.method ?? 'GET',
      body: target.body,
      headers: target.body ? { 'content-type': 'application/json' } : {},
      connections: 10,
    };
    await autocannon({ ...options, duration: 1 }); // warm-up: JIT, sockets, connections
    const cpu = () => children.reduce((sum, c) => sum + cpuMicros(c.pid!), 0);
    const before = cpu();
    const r = await autocannon({ ...options, duration: seconds });
    const cpuPerRequest = (cpu() - before) / r.requests.total;
    return { label, requestsPerSec: r.requests.average, latencyAvg: r.latency.average, p99: r.latency.p99, errors: r.errors + r.non2xx, cpuPerRequest };
  } finally {
    for (const child of children.reverse()) {
      child.kill('SIGINT');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    }
  }
}
