// Is a port free, and if not, who holds it? Linux: `ss -ltnp` names the process; elsewhere
// (or without ss) a connect test can only say "taken".
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fail, listening, pass, type Result } from './result';

export interface Listener {
  address: string;
  port: number;
  process?: string;
  pid?: number;
}

/**
 * Parses `ss -ltnp`:
 *   LISTEN 0 511 127.0.0.1:3000 0.0.0.0:* users:(("node",pid=4242,fd=19))
 *   LISTEN 0 50  [::ffff:127.0.0.1]:9092 *:*
 * The process column is empty for another user's sockets unless ss runs as root.
 */
export function parseSs(output: string): Listener[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('LISTEN'))
    .flatMap((line) => {
      const local = line.trim().split(/\s+/)[3] ?? '';
      const at = local.lastIndexOf(':');
      const port = Number(local.slice(at + 1));
      if (at < 0 || !Number.isInteger(port)) return [];
      const user = /users:\(\("([^"]*)",pid=(\d+)/.exec(line);
      return [{ address: local.slice(0, at), port, process: user?.[1], pid: user ? Number(user[2]) : undefined }];
    });
}

/** Every TCP listener, or undefined when ss is not there (macOS, minimal containers). */
export function listeners(): Promise<Listener[] | undefined> {
  return new Promise((resolve) => {
    execFile('ss', ['-ltnp'], { timeout: 3000, encoding: 'utf8' }, (err, stdout) => resolve(err ? undefined : parseSs(stdout)));
  });
}

/** "node --import tsx 01-http-simple/tracing/server.ts", to recognise a forgotten terminal. */
function commandLine(pid: number): string {
  try {
    const line = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return line.length > 90 ? `${line.slice(0, 87)}...` : line;
  } catch {
    return '';
  }
}

/** The port a step's process (owner) listens on must be free. */
export async function port(number: number, owner: string): Promise<Result> {
  const label = `port ${number}`;
  const all = await listeners();
  if (all === undefined) {
    if (!(await listening(number))) return pass(label, `free (${owner})`);
    return fail(label, `taken, ${owner} cannot start (no \`ss\` here to say by what)`, `stop the process listening on ${number} (\`lsof -i :${number}\` names it)`);
  }
  const holder = all.find((l) => l.port === number);
  if (!holder) return pass(label, `free (${owner})`);
  if (!holder.pid) {
    return fail(label, `taken by a process of another user on ${holder.address}, ${owner} cannot start`, `stop it (\`sudo ss -ltnp 'sport = :${number}'\` names it)`);
  }
  const cmd = commandLine(holder.pid);
  // ss names the thread (Node 24 calls its main thread "MainThread"): the program's own name says more.
  const name = cmd ? basename(cmd.split(' ')[0]!) : holder.process;
  return fail(label, `taken by ${name} (pid ${holder.pid}${cmd ? `: ${cmd}` : ''}), ${owner} cannot start`, `kill ${holder.pid}`);
}
