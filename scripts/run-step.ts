// Runs a whole step: start its servers, wait until they listen, run the client,
// stop the servers with SIGINT (so they flush their spans), exit with the client's code.
//   tsx scripts/run-step.ts 01-http-simple tracing   (live: the folder `npm run live` builds)
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { steps } from './steps';

const [stepDir, variant] = process.argv.slice(2);
const step = steps[stepDir ?? ''];
if (!step || !['logging', 'tracing', 'live'].includes(variant ?? '')) {
  console.error(`usage: run-step <${Object.keys(steps).join('|')}> <logging|tracing|live>`);
  process.exit(2);
}
if (variant === 'live' && !existsSync(`${stepDir}/live`)) {
  console.error(`${stepDir}/live/ does not exist yet: npm run live -- ${stepDir!.slice(0, 2)} start`);
  process.exit(2);
}

const run = (file: string, args: string[] = []): ChildProcess =>
  spawn(process.execPath, ['--import', 'tsx', `${stepDir}/${variant}/${file}`, ...args], { stdio: 'inherit' });

const listening = (port: number, host = '127.0.0.1') =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, host, () => resolve(socket.end() && true)).on('error', () => resolve(false));
  });

const exited = (child: ChildProcess) =>
  new Promise<number>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code ?? 1));
  });

async function main(): Promise<number> {
  for (const need of step!.needs ?? []) {
    if (!(await listening(need.port, need.host))) {
      console.error(`${need.name} is not reachable at ${need.host}:${need.port}: start it with ${need.start}`);
      return 1;
    }
  }
  for (const { port, name } of step!.servers) {
    if (port && (await listening(port))) {
      console.error(`port ${port} is already in use: stop the running ${name} first`);
      return 1;
    }
  }
  const servers = step!.servers.map((server) => ({ ...server, child: run(server.file) }));
  try {
    for (const { port, name, child } of servers) {
      const deadline = performance.now() + 20_000; // monotonic: a clock set meanwhile changes nothing
      while (port && !(await listening(port))) {
        // Say which: it stopped (its own output above says why), or it is slow to listen.
        const ended = child.exitCode ?? child.signalCode;
        if (ended !== null || performance.now() > deadline) {
          console.error(`${name} did not start on port ${port}: ${ended === null ? 'not listening after 20 s' : `it exited (${ended})`}`);
          return 1;
        }
        await sleep(100);
      }
    }
    return await exited(run(step!.client, process.argv.slice(4)));
  } finally {
    for (const { child } of servers) child.kill('SIGINT');
    await Promise.race([Promise.all(servers.map(({ child }) => exited(child))), sleep(10_000, undefined, { ref: false })]);
    for (const { child } of servers) if (child.exitCode === null) child.kill('SIGKILL');
  }
}

process.exitCode = await main();
