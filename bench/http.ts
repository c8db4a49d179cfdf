// Load on one HTTP server process with autocannon; the server is spawned as the npm script runs it.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Result {
  label: string;
  requestsPerSec: number;
  latencyAvg: number;
  p99: number;
  errors: number;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1', () => resolve(s.end() && true)).on('error', () => resolve(false));
  });

/** Starts file on port, loads path for seconds, stops it with SIGINT. */
export async function loadServer(label: string, file: string, port: number, path: string, seconds: number, env: Record<string, string>): Promise<Result> {
  const server = spawn(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, ...env },
    stdio: 'ignore', // the console costs the same in both variants; keep it out of the numbers
  });
  try {
    for (let i = 0; !(await listening(port)); i++) {
      if (i > 200 || server.exitCode !== null) throw new Error(`${label}: server did not start on ${port}`);
      await sleep(50);
    }
    const url = `http://127.0.0.1:${port}${path}`;
    await autocannon({ url, connections: 10, duration: 1 }); // warm-up: JIT, sockets
    const r = await autocannon({ url, connections: 10, duration: seconds });
    return { label, requestsPerSec: r.requests.average, latencyAvg: r.latency.average, p99: r.latency.p99, errors: r.errors + r.non2xx };
  } finally {
    server.kill('SIGINT');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}
