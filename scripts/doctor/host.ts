// Checks of the machine itself: Node, installed dependencies, Docker, and what Elasticsearch
// in Docker asks of the kernel.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, pass, warn, type Result } from './result';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NOT_NEEDED = 'the compose files need it, `npm run infra:local -- up` does not';
const OR_LOCAL = 'or use `npm run infra:local -- up` instead';

export async function nodeVersion(version = process.versions.node): Promise<Result> {
  const major = Number(version.split('.')[0]);
  const label = 'Node.js';
  const install = 'install Node 24 LTS (https://nodejs.org, or `nvm install 24`)';
  if (major >= 22) return pass(label, `v${version}`);
  if (major >= 20) return warn(label, `v${version} works, but Node 20 is end of life (April 2026); the demo is built for 24 LTS`, install);
  return fail(label, `v${version} is too old: the demo needs Node 20 or later (24 LTS recommended)`, install);
}

interface Lockfile {
  packages?: Record<string, { version?: string; optional?: boolean; link?: boolean }>;
}

/**
 * `npm ci` was run and nothing changed since: npm writes node_modules/.package-lock.json on
 * every install; each package of package-lock.json (optional, platform-specific ones aside)
 * must be there in the same version.
 */
export async function dependencies(root = ROOT): Promise<Result> {
  const label = 'dependencies';
  const read = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as Lockfile;
  if (!existsSync(join(root, 'node_modules'))) return fail(label, 'node_modules is missing', 'npm ci');
  if (!existsSync(join(root, 'node_modules/.package-lock.json'))) {
    return fail(label, 'node_modules was not installed by npm (no node_modules/.package-lock.json)', 'npm ci');
  }
  const wanted = read('package-lock.json').packages ?? {};
  const installed = read('node_modules/.package-lock.json').packages ?? {};
  const differ = Object.entries(wanted)
    .filter(([path, meta]) => path.startsWith('node_modules/') && !meta.optional && !meta.link)
    .filter(([path, meta]) => installed[path]?.version !== meta.version)
    .map(([path, meta]) => `${path.slice('node_modules/'.length)} ${installed[path]?.version ?? 'missing'} (lock: ${meta.version})`);
  if (differ.length) {
    const more = differ.length > 2 ? ` and ${differ.length - 2} more` : '';
    return fail(label, `node_modules differs from package-lock.json: ${differ.slice(0, 2).join(', ')}${more}`, 'npm ci');
  }
  return pass(label, `node_modules matches package-lock.json (${Object.keys(installed).length} packages)`);
}

/** Runs a command with a timeout: its stdout, or the first line of what went wrong. */
function run(command: string, args: string[], ms = 3000): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: ms, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve({ ok: true, out: stdout.trim() });
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not installed' : err.killed ? `no answer within ${ms / 1000} s` : '';
      const firstLine = (stderr || stdout || err.message).trim().split('\n')[0] ?? '';
      resolve({ ok: false, out: why || firstLine });
    });
  });
}

export async function dockerEngine(): Promise<Result> {
  const { ok, out } = await run('docker', ['info', '--format', '{{.ServerVersion}}']);
  if (ok && out) return pass('Docker engine', `reachable (server ${out})`);
  const why = out.replace(/\s*Is the docker daemon running\?$/, '').replace(/\.$/, '');
  return warn('Docker engine', `not reachable (${why || 'no server version'}): ${NOT_NEEDED}`, `start Docker (\`sudo systemctl start docker\`), ${OR_LOCAL}`);
}

export async function composePlugin(): Promise<Result> {
  const { ok, out } = await run('docker', ['compose', 'version']);
  const version = /v?(\d+\.\d+\.\d+\S*)/.exec(out)?.[1];
  if (ok && version?.startsWith('2.')) return pass('docker compose', `v${version}`);
  const install = `install the compose v2 plugin (https://docs.docker.com/compose/install/linux/), ${OR_LOCAL}`;
  if (ok && version) return warn('docker compose', `v${version}, not v2: ${NOT_NEEDED}`, install);
  return warn('docker compose', `the v2 plugin is missing (${out}): ${NOT_NEEDED}`, install);
}

/** Elasticsearch in a container wants vm.max_map_count >= 262144 (its bootstrap check). */
export async function maxMapCount(file = '/proc/sys/vm/max_map_count'): Promise<Result> {
  const label = 'vm.max_map_count';
  if (!existsSync(file)) return pass(label, 'not Linux: Docker Desktop sets it in its VM');
  const value = Number(readFileSync(file, 'utf8').trim());
  if (value >= 262144) return pass(label, `${value}`);
  return warn(label, `${value}: Elasticsearch in Docker wants 262144 (infra/local's does not)`, 'sudo sysctl -w vm.max_map_count=262144');
}

/** The ELK stack in Docker (Elasticsearch 512m heap, Logstash 256m, Kibana) needs about 2 GiB. */
export async function memory(file = '/proc/meminfo'): Promise<Result> {
  const label = 'free memory';
  if (!existsSync(file)) return pass(label, 'not Linux: not checked');
  const kb = Number(/^MemAvailable:\s+(\d+)/m.exec(readFileSync(file, 'utf8'))?.[1]);
  if (!Number.isFinite(kb)) return pass(label, 'MemAvailable not in /proc/meminfo: not checked');
  const gib = (kb / 1024 / 1024).toFixed(1);
  if (kb >= 2 * 1024 * 1024) return pass(label, `${gib} GiB available`);
  return warn(label, `${gib} GiB available: the ELK stack in Docker needs about 2 GiB`, 'close other programs, or run without ELK (set LOGSTASH_URL= in .env)');
}
