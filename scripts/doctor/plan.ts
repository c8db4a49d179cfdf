// Which checks a step needs (from scripts/steps.ts), running them with a timeout each, and
// the verdict: a step can run when none of its checks failed (warnings only cost logs or spans).
import { envBrokers, envString, envUrl } from '../../lib/env';
import { steps, type Step } from '../steps';
import * as host from './host';
import * as infra from './infra';
import { port } from './ports';
import type { Result, Status } from './result';

export interface Check {
  /** One check per key, however many steps need it. */
  key: string;
  /** The steps it matters to. */
  steps: string[];
  /** A check that runs out of time fails when required, else only warns. */
  required: boolean;
  label: string;
  run: () => Promise<Result>;
}

export interface Outcome extends Result {
  key: string;
  steps: string[];
}

/** "03", "03-kafka" or "03-kafka/" (tab completion) -> "03-kafka"; undefined if unknown. */
export function stepDir(arg: string): string | undefined {
  const name = arg.replace(/\/+$/, '');
  return Object.keys(steps).find((dir) => dir === name || dir.slice(0, 2) === name);
}

/** The steps the arguments name (none = all), or the one argument that names none. */
export function parseSteps(args: string[]): { dirs: string[] } | { bad: string } {
  const bad = args.find((arg) => !stepDir(arg));
  if (bad !== undefined) return { bad };
  const dirs = args.length ? args.map((arg) => stepDir(arg)!) : Object.keys(steps);
  return { dirs: [...new Set(dirs)] };
}

export const usage = (bad: string, command: string) =>
  `${command}: unknown step "${bad}": use ${Object.keys(steps).map((d) => d.slice(0, 2)).join(', ')} or a step folder (${Object.keys(steps).join(', ')})`;

/** The checks for these steps, in the order they are printed. */
export function plan(dirs: string[], all: Record<string, Step> = steps): Check[] {
  const checks = new Map<string, Check>();
  const add = (dir: string, key: string, label: string, required: boolean, run: () => Promise<Result>) => {
    const known = checks.get(key);
    if (known) known.steps.push(dir);
    else checks.set(key, { key, steps: [dir], required, label, run });
  };
  const queryUrl = envUrl('JAEGER_QUERY_URL', 'http://127.0.0.1:16686').replace(/\/+$/, '');
  const sampling = envString('JAEGER_SAMPLER_MANAGER_HOST_PORT', `${envString('JAEGER_AGENT_HOST', '127.0.0.1')}:5778`);
  const brokers = envBrokers();
  // One loop per kind of check, so that the output is grouped by kind, not by step.
  const eachStep = (each: (dir: string, step: Step) => void) => {
    for (const dir of dirs) each(dir, all[dir]!);
  };

  eachStep((dir) => {
    add(dir, 'node', 'Node.js', true, () => host.nodeVersion());
    add(dir, 'dependencies', 'dependencies', true, () => host.dependencies());
    add(dir, 'docker', 'Docker engine', false, () => host.dockerEngine());
    add(dir, 'compose', 'docker compose', false, () => host.composePlugin());
  });
  eachStep((dir, step) => {
    const servers = step.servers.filter((s) => s.port).sort((a, b) => a.port! - b.port!);
    for (const { port: number, name } of servers) add(dir, `port:${number}`, `port ${number}`, true, () => port(number!, name));
  });
  eachStep((dir, step) => {
    for (const need of step.needs ?? []) {
      if (need.name === 'Kafka') add(dir, 'kafka', 'Kafka', true, () => infra.kafka(brokers, need.start));
      else add(dir, `need:${need.name}`, need.name, true, () => infra.tcp(need.name, need.host, need.port, need.start));
    }
  });
  eachStep((dir, step) => {
    if (!step.uses.includes('jaeger')) return;
    const start = step.remoteSampling ? infra.START.production : infra.START.jaeger;
    add(dir, 'jaeger-query', 'Jaeger query API', false, () => infra.jaegerQuery(queryUrl, start));
    add(dir, 'jaeger-agent', 'Jaeger agent', false, () => infra.jaegerAgent(sampling, envString('JAEGER_ENDPOINT', '') || undefined, start));
  });
  eachStep((dir, step) => {
    if (!step.remoteSampling) return;
    const { service } = step.remoteSampling;
    add(dir, 'jaeger-deployment', 'Jaeger deployment', false, () => infra.jaegerDeployment(new URL(queryUrl).hostname, queryUrl));
    add(dir, `sampling:${service}`, 'sampling strategy', false, () => infra.samplingStrategy(sampling, service));
  });
  eachStep((dir, step) => {
    if (!step.uses.includes('elasticsearch')) return;
    add(dir, 'elasticsearch', 'Elasticsearch', false, () => infra.elasticsearch(envUrl('ELASTICSEARCH_URL', 'http://127.0.0.1:9200').replace(/\/+$/, '')));
  });
  eachStep((dir, step) => {
    if (step.uses.includes('logstash')) add(dir, 'logstash', 'Logstash', false, () => infra.logstash(envUrl('LOGSTASH_URL', 'http://127.0.0.1:8080', { emptyMeansOff: true })));
  });
  eachStep((dir, step) => {
    if (!step.uses.includes('elasticsearch')) return;
    add(dir, 'max_map_count', 'vm.max_map_count', false, () => host.maxMapCount());
    add(dir, 'memory', 'free memory', false, () => host.memory());
  });
  return [...checks.values()];
}

/** Runs a check; one that throws or takes too long is reported, never left hanging. */
export async function runCheck(check: Check, ms = 5000): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Result>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: check.required ? 'fail' : 'warn', label: check.label, detail: `no answer within ${ms / 1000} s` }),
      ms,
    );
  });
  try {
    const result = await Promise.race([
      check.run().catch((err: Error): Result => ({ status: check.required ? 'fail' : 'warn', label: check.label, detail: `check failed: ${err.message}` })),
      late,
    ]);
    return { ...result, key: check.key, steps: check.steps };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check at once; yields the outcomes in plan order, each as soon as it is known. */
export async function* runAll(checks: Check[], ms?: number): AsyncGenerator<Outcome> {
  const running = checks.map((check) => runCheck(check, ms));
  for (const outcome of running) yield await outcome;
}

const MARK: Record<Status, string> = { pass: '✔', warn: '!', fail: '✖' };
const COLOR: Record<Status, string> = { pass: '\x1b[32m', warn: '\x1b[33m', fail: '\x1b[31m' };

export function line(result: Result, width = 18, color = false): string {
  const mark = color ? `${COLOR[result.status]}${MARK[result.status]}\x1b[0m` : MARK[result.status];
  const fix = result.fix && result.status !== 'pass' ? ` → ${result.fix}` : '';
  return `${mark} ${result.label.padEnd(width)} ${result.detail}${fix}`;
}

/** Which steps can run (no failed check of theirs), the last line, and the exit code. */
export function verdict(dirs: string[], outcomes: Outcome[]): { ready: string[]; blocked: Record<string, string[]>; text: string; code: number } {
  const blocked: Record<string, string[]> = {};
  for (const dir of dirs) {
    const failed = outcomes.filter((o) => o.status === 'fail' && o.steps.includes(dir)).map((o) => o.label);
    if (failed.length) blocked[dir] = failed;
  }
  const ready = dirs.filter((dir) => !blocked[dir]);
  const warnings = outcomes.filter((o) => o.status === 'warn').length;
  const notes = warnings ? ` (${warnings} warning${warnings === 1 ? '' : 's'}: see the ! lines)` : '';
  const why = (dir: string) => `${dir} (${blocked[dir]!.join(', ')})`;
  let text: string;
  if (ready.length === dirs.length) text = `✔ ${dirs.length === 1 ? `${dirs[0]} can run` : 'every step can run'}${notes}`;
  else if (dirs.length === 1) text = `✖ ${dirs[0]} cannot run: ${blocked[dirs[0]!]!.join(', ')}; fix the ✖ lines above`;
  else {
    const notReady = dirs.filter((dir) => blocked[dir]).map(why).join(', ');
    text = `✖ ${ready.length ? `ready: ${ready.join(', ')}; ` : ''}not ready: ${notReady}; fix the ✖ lines above`;
  }
  return { ready, blocked, text, code: ready.length === dirs.length ? 0 : 1 };
}
