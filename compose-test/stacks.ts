// The stacks of `npm run test:compose` (run by compose-test/run.sh once the engine, the compose
// plugin and the stand-in images are ready). For each stack: the README's Docker commands, read
// from the README itself (`up -d --wait`, the client's `run --rm`, `down -v`), with a generated
// override that leaves out the services that have no stand-in image here (Logstash, Kibana,
// elk-setup, spark-dependencies); then the client's trace in Jaeger's API on 127.0.0.1:16686,
// the infrastructure reached by service name, and a table. Exit 1 when a stack fails.
//   node --import tsx compose-test/stacks.ts [shared 01 02 03 04]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { steps } from '../scripts/steps';

const ROOT = resolve(import.meta.dirname, '..');
const CACHE = process.env.COMPOSE_TEST_CACHE ?? join(ROOT, '.infra', 'compose-test');
const JAEGER = 'http://127.0.0.1:16686';
/** Official images with no artifact reachable here: their services are left out (see README.md). */
const NO_STAND_IN = ['logstash', 'kibana', 'elk-setup', 'spark-dependencies'];
const UP_TIMEOUT_MS = 8 * 60_000; // a cold `--build` runs `npm ci` in the image
const RUN_TIMEOUT_MS = 3 * 60_000;
const PORT_WAIT_MS = Number(process.env.COMPOSE_TEST_PORT_WAIT_S ?? 180) * 1000;
const TRACE_WAIT_MS = 45_000; // step 04: agent -> collector -> Kafka -> ingester -> Elasticsearch

interface Stack {
  key: string;
  name: string;
  readme: string;
  /** Finds the commands in the README: the fenced block under this heading, or a line matching. */
  heading?: string;
  line?: RegExp;
  /** Services that one trace of the client crosses. */
  traceServices: string[];
  /** Consumers: their spans in the trace mean they read from Kafka by its service name. */
  kafkaConsumers?: string[];
  /** Host processes run against the published ports (the shared files have no app container). */
  hostRuns?: { script: string; traceServices: string[]; env?: Record<string, string> }[];
  /** Environment for the README's commands (the epilogue: TRACING_SDK=opentelemetry). */
  env?: Record<string, string>;
}

const STACKS: Stack[] = [
  {
    key: 'shared',
    name: 'shared files (jaeger+elk+kafka)',
    readme: 'README.md',
    line: /^docker compose -f docker-compose\.jaeger\.yml -f docker-compose\.elk\.yml -f docker-compose\.kafka\.yml up\b/,
    traceServices: [],
    hostRuns: [
      { script: '01:tracing', traceServices: steps['01-http-simple']!.traceServices },
      // The epilogue: OpenTelemetry's OTLP over HTTP into the compose Jaeger's 4318.
      { script: '01:tracing', env: { TRACING_SDK: 'opentelemetry' }, traceServices: steps['01-http-simple']!.traceServices },
      { script: '03:tracing', traceServices: steps['03-kafka']!.traceServices },
    ],
  },
  { key: '01', name: '01-http-simple', readme: '01-http-simple/README.md', heading: '## With Docker only', traceServices: steps['01-http-simple']!.traceServices },
  { key: '02', name: '02-http-distributed', readme: '02-http-distributed/README.md', heading: '## With Docker only', traceServices: steps['02-http-distributed']!.traceServices },
  {
    key: '03', name: '03-kafka', readme: '03-kafka/README.md', heading: '## With Docker only',
    traceServices: steps['03-kafka']!.traceServices, kafkaConsumers: ['projector', 'notifier'],
  },
  {
    key: '04', name: '04-real-life', readme: '04-real-life/README.md', heading: '## With Docker only',
    traceServices: steps['04-real-life']!.traceServices, kafkaConsumers: ['delivery', 'stats'],
  },
  // The epilogue in containers: the same README commands with TRACING_SDK=opentelemetry.
  {
    key: '01-otel', name: '01-http-simple, TRACING_SDK=opentelemetry', readme: '01-http-simple/README.md', heading: '## With Docker only',
    traceServices: steps['01-http-simple']!.traceServices, env: { TRACING_SDK: 'opentelemetry' },
  },
  {
    key: '04-otel', name: '04-real-life, TRACING_SDK=opentelemetry', readme: '04-real-life/README.md', heading: '## With Docker only',
    traceServices: steps['04-real-life']!.traceServices, kafkaConsumers: ['delivery', 'stats'], env: { TRACING_SDK: 'opentelemetry' },
  },
];

interface Row {
  stack: string;
  healthy: string;
  trace: string;
  seconds: number;
  ok: boolean;
  notes: string[];
}

// eslint-disable-next-line no-control-regex -- ANSI colour codes in the containers' output
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
const logDir = join(CACHE, 'logs', new Date().toISOString().slice(0, 19).replace(/:/g, '-'));
mkdirSync(logDir, { recursive: true });

/** Runs a shell command line; output to the stack's log (and returned). */
function sh(cmd: string, opts: { cwd: string; env?: NodeJS.ProcessEnv; log: string; timeoutMs: number }) {
  return new Promise<{ code: number; output: string }>((done) => {
    const log = createWriteStream(opts.log, { flags: 'a' });
    log.write(`\n$ ${cmd}   (in ${opts.cwd.replace(ROOT, '.') || '.'})\n`);
    const child = spawn('bash', ['-c', cmd], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const take = (chunk: Buffer) => ((output += chunk), log.write(chunk));
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
    }, opts.timeoutMs);
    const start = Date.now();
    child.on('close', (code) => {
      clearTimeout(timer);
      log.end(timedOut ? `\n(timed out after ${opts.timeoutMs / 1000} s)\n` : `(exit ${code}, ${((Date.now() - start) / 1000).toFixed(1)} s)\n`);
      done({ code: timedOut ? 124 : (code ?? 1), output: stripAnsi(output) });
    });
  });
}

/** The README's commands for a stack: `cd` and `docker compose` lines, comments dropped. */
function readmeCommands(stack: Stack): string[] {
  const text = readFileSync(join(ROOT, stack.readme), 'utf8');
  const clean = (l: string) => l.replace(/\s+#.*$/, '').trim();
  if (stack.line) {
    const line = text.split('\n').map(clean).find((l) => stack.line!.test(l));
    if (!line) throw new Error(`${stack.readme}: no line matching ${stack.line}`);
    return [line];
  }
  const at = text.indexOf(`\n${stack.heading}\n`);
  if (at < 0) throw new Error(`${stack.readme}: no "${stack.heading}" section`);
  const block = /```(?:bash|sh)?\n([\s\S]*?)```/.exec(text.slice(at))?.[1];
  if (!block) throw new Error(`${stack.readme}: no command block under "${stack.heading}"`);
  return block.split('\n').map(clean).filter((l) => /^(cd |docker compose )/.test(l));
}

/** `-f FILE` pairs of a compose command line, and the rest. */
function composeFiles(cmd: string): string[] {
  return [...cmd.matchAll(/(?:^|\s)-f\s+(\S+)/g)].map((m) => m[1]!);
}

interface ComposeService {
  image?: string;
  depends_on?: Record<string, { condition: string; required?: boolean; restart?: boolean }>;
  ports?: { published?: string; host_ip?: string; protocol?: string }[];
  profiles?: string[];
  environment?: Record<string, string | null>;
}

/** The project as compose sees it (the README's files, nothing left out). */
async function projectConfig(cwd: string, files: string[], log: string): Promise<Record<string, ComposeService>> {
  const flags = files.map((f) => `-f ${f}`).join(' ');
  const { code, output } = await sh(`docker compose ${flags} config --format json 2>/dev/null`, { cwd, log: `${log}.config`, timeoutMs: 60_000 });
  if (code !== 0) throw new Error(`docker compose config failed in ${cwd}`);
  return (JSON.parse(output) as { services: Record<string, ComposeService> }).services;
}

/** An override that disables the services without a stand-in and drops the dependencies on them. */
function overrideFor(stack: Stack, services: Record<string, ComposeService>): string | undefined {
  const dropped = Object.keys(services).filter((s) => NO_STAND_IN.includes(s));
  if (!dropped.length) return undefined;
  const lines = [
    '# Generated by compose-test/stacks.ts (see compose-test/README.md): these services have no',
    `# stand-in image here, so they are disabled (a profile nobody enables) and the dependencies on`,
    '# them are dropped. Everything else is the compose files as users get them.',
    'services:',
  ];
  for (const name of dropped) lines.push(`  ${name}:`, '    profiles: [no-stand-in]');
  for (const [name, svc] of Object.entries(services)) {
    if (dropped.includes(name) || !svc.depends_on) continue;
    const deps = Object.entries(svc.depends_on);
    if (!deps.some(([d]) => dropped.includes(d))) continue;
    const kept = deps.filter(([d]) => !dropped.includes(d));
    lines.push(`  ${name}:`, kept.length ? '    depends_on: !override' : '    depends_on: !reset {}');
    for (const [d, c] of kept) lines.push(`      ${d}:`, `        condition: ${c.condition}`);
  }
  const file = join(CACHE, 'overrides', `${stack.key}.yml`);
  mkdirSync(join(CACHE, 'overrides'), { recursive: true });
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const listening = (port: number) =>
  new Promise<boolean>((done) => {
    const s = connect(port, '127.0.0.1', () => (s.end(), done(true))).on('error', () => done(false));
  });

interface Trace { spans: { processID: string; operationName: string }[]; processes: Record<string, { serviceName: string }> }

async function fetchTrace(id: string): Promise<Trace | undefined> {
  try {
    const res = await fetch(`${JAEGER}/api/traces/${id}`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) return undefined;
    return ((await res.json()) as { data: Trace[] }).data[0];
  } catch {
    return undefined;
  }
}

/** Trace ids printed by a run (`trace=<hex>`), those seen from the most expected services first. */
function traceIds(output: string, services: string[]): string[] {
  const seen = new Map<string, Set<string>>();
  for (const line of output.split('\n')) {
    const id = /\btrace=([0-9a-f]{16,32})\b/.exec(line)?.[1];
    if (!id) continue;
    if (!seen.has(id)) seen.set(id, new Set());
    const words = line.replace(/^\S+\s+\|\s+/, '').trim().split(/\s+/); // compose logs prefix "svc-1  | "
    for (const w of words) if (services.includes(w)) seen.get(id)!.add(w);
  }
  return [...seen].sort((a, b) => b[1].size - a[1].size).slice(0, 5).map(([id]) => id);
}

/** Waits for one printed trace that crosses every expected service in Jaeger's API. */
async function findTrace(output: string, services: string[]): Promise<{ ok: boolean; text: string; found: string[] }> {
  const ids = traceIds(output, services);
  if (!ids.length) return { ok: false, text: 'no trace id printed', found: [] };
  const end = Date.now() + TRACE_WAIT_MS;
  let best = { id: ids[0]!, found: [] as string[], spans: 0 };
  while (Date.now() < end) {
    for (const id of ids) {
      const trace = await fetchTrace(id);
      if (!trace) continue;
      const found = [...new Set(trace.spans.map((s) => trace.processes[s.processID]?.serviceName ?? '?'))];
      if (services.every((s) => found.includes(s))) return { ok: true, text: `${id.slice(0, 16)} (${trace.spans.length} spans)`, found };
      if (found.length > best.found.length) best = { id, found, spans: trace.spans.length };
    }
    await sleep(1000);
  }
  const missing = services.filter((s) => !best.found.includes(s));
  return { ok: false, text: best.found.length ? `${best.id.slice(0, 16)} lacks ${missing.join(', ')}` : `not in Jaeger after ${TRACE_WAIT_MS / 1000} s`, found: best.found };
}

async function runStack(stack: Stack): Promise<Row> {
  const t0 = Date.now();
  const row: Row = { stack: stack.name, healthy: '-', trace: '-', seconds: 0, ok: false, notes: [] };
  const log = join(logDir, `${stack.key}.log`);
  let cwd = ROOT;
  let down: { cmd: string; cwd: string; env: NodeJS.ProcessEnv } | undefined;
  try {
    const commands = readmeCommands(stack);
    const upLine = commands.find((c) => /^docker compose .*\bup\b/.test(c));
    if (!upLine) throw new Error(`${stack.readme}: no \`docker compose ... up\` line`);
    if (!/\s-d\b/.test(upLine) || !/\s--wait\b/.test(upLine)) row.notes.push(`README's up line lacks -d --wait: ${upLine}`);
    for (const c of commands.slice(0, commands.indexOf(upLine))) {
      const dir = /^cd\s+(\S+)/.exec(c)?.[1];
      if (dir) cwd = resolve(cwd, dir);
    }
    const files = composeFiles(upLine);
    const services = await projectConfig(cwd, files.length ? files : ['docker-compose.yml'], log);
    const override = overrideFor(stack, services);
    // The README's words; the override goes in through COMPOSE_FILE (no -f on the line) or as
    // one more -f after the README's own.
    const env: NodeJS.ProcessEnv = { COMPOSE_PROGRESS: 'plain', COMPOSE_STATUS_STDOUT: '1', ...stack.env };
    const withOverride = (cmd: string) => {
      if (!override) return cmd;
      if (!files.length) return cmd;
      const last = [...cmd.matchAll(/(?:^|\s)-f\s+\S+/g)].at(-1)!;
      const at = last.index! + last[0].length;
      return `${cmd.slice(0, at)} -f ${override}${cmd.slice(at)}`;
    };
    if (override && !files.length) env.COMPOSE_FILE = `docker-compose.yml:${override}`;
    const downLine = commands.find((c) => /^docker compose .*\bdown\b/.test(c)) ?? `docker compose ${files.map((f) => `-f ${f}`).join(' ')} down -v`.replace(/\s+/g, ' ');
    down = { cmd: withOverride(downLine.includes('-v') ? downLine : `${downLine} -v`), cwd, env };
    if (override) row.notes.push(`left out (no stand-in): ${Object.keys(services).filter((s) => NO_STAND_IN.includes(s)).join(', ')}`);

    // Published ports must be free (a running infra:local or another stack would take them).
    const ports = new Set<number>();
    for (const [name, svc] of Object.entries(services)) {
      if (NO_STAND_IN.includes(name)) continue;
      for (const p of svc.ports ?? []) if (p.protocol !== 'udp' && p.published) ports.add(Number(p.published));
    }
    const busyPorts = async () => {
      const busy = [];
      for (const p of ports) if (await listening(p)) busy.push(p);
      return busy;
    };
    let busy = await busyPorts();
    if (busy.length) console.log(`[compose-test] ${stack.name}: waiting up to ${PORT_WAIT_MS / 1000} s for 127.0.0.1 port(s) ${busy.join(', ')} (in use)`);
    for (const end = Date.now() + PORT_WAIT_MS; busy.length && Date.now() < end; busy = await busyPorts()) await sleep(2000);
    if (busy.length) throw new Error(`127.0.0.1 port(s) ${busy.join(', ')} in use (\`npm run infra:local -- down\`, or another stack?)`);

    // 1. up -d --wait, as the README says
    const up = await sh(withOverride(upLine), { cwd, env, log, timeoutMs: UP_TIMEOUT_MS });
    const ps = await sh(`${withOverride(files.length ? `docker compose ${files.map((f) => `-f ${f}`).join(' ')}` : 'docker compose')} ps -a --format json`, { cwd, env, log: `${log}.ps`, timeoutMs: 30_000 });
    const containers = ps.output.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { Service: string; State: string; Health: string; ExitCode: number });
    const good = containers.filter((c) => c.State === 'running' && (c.Health === '' || c.Health === 'healthy'));
    const exited0 = containers.filter((c) => c.State === 'exited' && c.ExitCode === 0);
    row.healthy = `${good.length}/${containers.length - exited0.length}${exited0.length ? ` (+${exited0.length} done)` : ''}`;
    if (up.code !== 0) {
      const why = up.output.trim().split('\n').filter((l) => /error|unhealthy|exited|failed/i.test(l)).at(-1) ?? `exit ${up.code}`;
      throw new Error(`up failed: ${why.trim()}`);
    }

    // 2. the client (or host processes, for the shared files)
    let output = '';
    const traceServices = [...stack.traceServices];
    if (stack.hostRuns) {
      const data = mkdtempSync(join(tmpdir(), 'compose-test-'));
      const traces: string[] = [];
      let ok = true;
      for (const run of stack.hostRuns) {
        const label = `${Object.entries(run.env ?? {}).map(([k, v]) => `${k}=${v} `).join('')}${run.script}`;
        const r = await sh(`npm run --silent ${run.script}`, { cwd: ROOT, env: { DATA_DIR: data, NODE_ENV: 'production', ...run.env }, log, timeoutMs: RUN_TIMEOUT_MS });
        if (r.code !== 0) row.notes.push(`npm run ${label} exited ${r.code}`);
        const t = await findTrace(r.output, run.traceServices);
        traces.push(`${label}: ${t.ok ? t.text : `FAIL ${t.text}`}`);
        ok &&= r.code === 0 && t.ok;
        output += r.output;
      }
      row.trace = traces.join('; ');
      const es = await fetch('http://127.0.0.1:9200/').then((r) => r.json() as Promise<{ version?: { number?: string } }>).catch(() => ({}) as { version?: { number?: string } });
      row.notes.push(`Elasticsearch on 127.0.0.1:9200: ${es.version?.number ?? 'no answer'}`);
      if (!es.version?.number) ok = false;
      if (!ok) throw new Error('a host run or its trace failed');
    } else {
      const runLine = commands.find((c) => /^docker compose .*\brun\b/.test(c) && !NO_STAND_IN.some((s) => c.includes(s)));
      if (!runLine) throw new Error(`${stack.readme}: no \`docker compose run --rm <client>\` line`);
      const r = await sh(withOverride(runLine), { cwd, env, log, timeoutMs: RUN_TIMEOUT_MS });
      if (r.code !== 0) throw new Error(`\`${runLine}\` exited ${r.code}`);
      // The servers' logs too: their lines carry the trace ids of what they served.
      const logs = await sh(`${withOverride(files.length ? `docker compose ${files.map((f) => `-f ${f}`).join(' ')}` : 'docker compose')} logs --no-color`, { cwd, env, log: `${log}.services`, timeoutMs: 60_000 });
      output = r.output + logs.output;
      const t = await findTrace(output, traceServices);
      row.trace = t.ok ? t.text : `FAIL ${t.text}`;
      if (!t.ok) throw new Error('trace not found');
      // Reached by service name: spans came through the agent at its compose name, and the
      // consumers' spans through Kafka at kafka:19092.
      const clientService = /\brun\s+--rm\s+(\S+)/.exec(runLine)?.[1] ?? '';
      const envOf = (name: string) => services[clientService]?.environment?.[name] ?? '';
      if (stack.env?.TRACING_SDK === 'opentelemetry') {
        // OpenTelemetry's trace ids have 32 hex digits; jaeger-client's, 16 (it would mean
        // TRACING_SDK never reached the containers).
        if (!/\btrace=[0-9a-f]{32}\b/.test(output)) throw new Error('no 32-digit trace id logged: the containers did not run on OpenTelemetry');
        const otlp = envOf('OTEL_EXPORTER_OTLP_ENDPOINT');
        if (!services[new URL(otlp || 'http://-').hostname]) throw new Error(`OTEL_EXPORTER_OTLP_ENDPOINT=${otlp} is not a compose service`);
        row.notes.push(`OTLP by name (${otlp}): spans of ${t.found.join(', ')}`);
      } else {
        const agent = `${envOf('JAEGER_AGENT_HOST')}:${envOf('JAEGER_AGENT_PORT')}`;
        if (!services[envOf('JAEGER_AGENT_HOST')]) throw new Error(`JAEGER_AGENT_HOST=${envOf('JAEGER_AGENT_HOST')} is not a compose service`);
        row.notes.push(`Jaeger agent by name (${agent}): spans of ${t.found.join(', ')}`);
      }
      if (stack.kafkaConsumers) {
        const brokers = envOf('KAFKA_BROKERS');
        if (!services[brokers.split(':')[0]!]) throw new Error(`KAFKA_BROKERS=${brokers} is not a compose service`);
        row.notes.push(`Kafka by name (${brokers}): consumer spans of ${stack.kafkaConsumers.join(', ')}`);
      }
      // Logstash is away here: each process that ships logs says so once (not once per line).
      // Counted per container: `logs` prefixes each line with the container's name; the run's
      // own output is one more process.
      if (Object.keys(services).includes('logstash')) {
        const perProcess = new Map<string, number>();
        const count = (who: string, line: string) => {
          if (/Logstash unreachable at http:\/\/logstash:8080/.test(line)) perProcess.set(who, (perProcess.get(who) ?? 0) + 1);
        };
        for (const l of logs.output.split('\n')) count(/^(\S+)\s+\|/.exec(l)?.[1] ?? '?', l);
        for (const l of r.output.split('\n')) count('run --rm', l);
        const repeated = [...perProcess].filter(([, n]) => n > 1);
        row.notes.push(`"Logstash unreachable" said by ${perProcess.size} process(es)${repeated.length ? `, REPEATED by ${repeated.map(([s, n]) => `${s} x${n}`).join(', ')}` : ', once each'}`);
        if (!perProcess.size || repeated.length) throw new Error('Logstash-away message missing or repeated');
      }
    }
    row.ok = true;
  } catch (err) {
    row.notes.push(`FAIL: ${(err as Error).message}`);
  } finally {
    if (down) {
      const d = await sh(down.cmd, { cwd: down.cwd, env: down.env, log, timeoutMs: 120_000 });
      if (d.code !== 0) { row.ok = false; row.notes.push(`down failed (exit ${d.code})`); }
    }
    row.seconds = (Date.now() - t0) / 1000;
  }
  return row;
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !STACKS.some((s) => s.key === w));
if (unknown.length) {
  console.error(`unknown stack(s) ${unknown.join(', ')}: use ${STACKS.map((s) => s.key).join(' ')}`);
  process.exit(2);
}
const stacks = wanted.length ? STACKS.filter((s) => wanted.includes(s.key)) : STACKS;
const rows: Row[] = [];
for (const stack of stacks) {
  console.log(`[compose-test] ${stack.name}: up (log: ${join(logDir, `${stack.key}.log`).replace(ROOT + '/', '')})`);
  const row = await runStack(stack);
  rows.push(row);
  console.log(`[compose-test] ${stack.name}: ${row.ok ? 'pass' : 'FAIL'} in ${row.seconds.toFixed(0)} s`);
  for (const n of row.notes) console.log(`    ${n}`);
}

const header = ['stack', 'services healthy', 'trace found', 'seconds'];
const table = rows.map((r) => [r.stack, r.healthy, (r.ok ? '' : 'FAIL ') + r.trace, r.seconds.toFixed(1)]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const fmt = (cells: string[]) => cells.map((c, i) => (i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
console.log('\n' + fmt(header));
for (const r of table) console.log(fmt(r));
const failed = rows.filter((r) => !r.ok);
console.log(failed.length ? `\n${failed.length} of ${rows.length} stacks failed (logs: ${logDir})` : `\nall ${rows.length} stacks pass`);
process.exit(failed.length ? 1 : 0);
