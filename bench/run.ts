// npm run bench: throughput and CPU per request, untraced vs traced, with OpenTelemetry peers,
// measured in one run. Every variant's processes run side by side (each on its own ports,
// servers pinned to one CPU); rounds load each variant in turn for a short slice, in a rotating
// order, and medians over the rounds count. On a noisy machine, short interleaved slices
// compare like with like; a long run per variant compares whatever else the machine was doing.
//   BENCH_SECONDS=2 BENCH_ROUNDS=9 BENCH_STEPS=01,03,04 npm run bench
// Ports 3900-3999 (a running step keeps its own); Jaeger all-in-one receives every span.
import { randomUUID } from 'node:crypto';
import { measure, requireJaeger, settle, startVariant, stopVariant, type Proc, type Result, type Target } from './http';
import { projectorRate } from './kafka';

const seconds = Number(process.env.BENCH_SECONDS || 2);
const rounds = Number(process.env.BENCH_ROUNDS || 9);
const steps = (process.env.BENCH_STEPS || '01,03,04').split(',');
const env = {
  LOGSTASH_URL: '', // measure tracing, not log shipping
  JAEGER_REPORTER_LOG_SPANS: 'false', // as in production: spans go to the agent, not the console
};
// BENCH_VARIANTS=jaeger,no-op keeps the baseline and the variants whose label contains one of them.
const only = process.env.BENCH_VARIANTS?.split(',');

interface Variant {
  label: string;
  procs: Proc[];
  target: Target;
}

await requireJaeger();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs the variants side by side, round by round; the first is the untraced baseline. */
async function compare(title: string, all: Variant[]): Promise<void> {
  const variants = all.filter((v, i) => i === 0 || !only || only.some((o) => v.label.includes(o)));
  console.log(`\n${title}: ${rounds} rounds of ${seconds} s per variant, 10 connections, Node ${process.versions.node}\n`);
  const running = [];
  try {
    for (const v of variants) running.push(await startVariant(v.label, v.procs, v.target, env));
    const results: Result[][] = variants.map(() => []);
    for (let round = 0; round < rounds; round++) {
      await settle(); // Jaeger stores the previous round's spans first
      for (let k = 0; k < variants.length; k++) {
        const i = (round + k) % variants.length; // each round starts one further: no variant always goes first
        results[i]!.push(await measure(running[i]!, seconds));
      }
      console.log(`round ${round + 1}: ${results.map((r) => r.at(-1)!.requestsPerSec.toFixed(0)).join(' / ')} req/s`);
    }
    const [base, ...traced] = results;
    // Per round: the ratio to the baseline and the extra CPU per request; their medians count.
    const ratio = (r: Result[]) => median(r.map((x, n) => x.requestsPerSec / base![n]!.requestsPerSec));
    const extra = (r: Result[]) => median(r.map((x, n) => x.cpuPerRequest - base![n]!.cpuPerRequest));
    const rate = (r: Result[]) => median(r.map((x) => x.requestsPerSec)).toFixed(0);
    const cpu = (r: Result[]) => median(r.map((x) => x.cpuPerRequest)).toFixed(0);
    console.log('\n| variant | req/s | traced/untraced | server CPU per request | tracing cost per request | p99 ms | errors |\n| --- | --- | --- | --- | --- | --- | --- |');
    console.log(`| ${base![0]!.label} | ${rate(base!)} | 1 | ${cpu(base!)} µs | | ${median(base!.map((x) => x.p99))} | ${base!.reduce((n, x) => n + x.errors, 0)} |`);
    for (const r of traced) {
      console.log(`| ${r[0]!.label} | ${rate(r)} | ${ratio(r).toFixed(2)} | ${cpu(r)} µs | ${extra(r).toFixed(1)} µs | ${median(r.map((x) => x.p99))} | ${r.reduce((n, x) => n + x.errors, 0)} |`);
    }
    if (results.flat().some((x) => x.errors > 0)) process.exitCode = 1;
  } finally {
    for (const r of running) await stopVariant(r);
  }
}

if (steps.includes('01')) {
  let port = 3900;
  const hello = (label: string, file: string, extra: Record<string, string> = {}): Variant => {
    port++;
    return { label, procs: [{ file, port, env: { HELLO_SERVER_PORT: String(port), ...extra } }], target: { port, path: '/hello/bench' } };
  };
  const tracing = '01-http-simple/tracing/server.ts';
  const peer = 'bench/opentelemetry-server.ts';
  const oneIn100 = { JAEGER_SAMPLER_TYPE: 'probabilistic', JAEGER_SAMPLER_PARAM: '0.01' };
  await compare('step 01 hello-server, GET /hello/:name', [
    hello('untraced (01 logging)', '01-http-simple/logging/server.ts'),
    hello('jaeger-client, every trace (const/1), UDP to the agent', tracing),
    hello('jaeger-client, every trace, HTTP to the collector', tracing, { JAEGER_ENDPOINT: 'http://127.0.0.1:14268/api/traces' }),
    // What production runs: spans are still created and propagated, 1% are reported.
    hello('jaeger-client, 1% (probabilistic/0.01)', tracing, oneIn100),
    // The instrumentation alone: same middleware and context handling, the no-op tracer.
    hello('jaeger-client disabled (JAEGER_DISABLED)', tracing, { JAEGER_DISABLED: 'true' }),
    hello('OpenTelemetry SDK, every trace, OTLP/HTTP', peer, { OTEL_BENCH_SAMPLING: '1' }),
    hello('OpenTelemetry SDK, 1% (parent-based ratio)', peer, { OTEL_BENCH_SAMPLING: '0.01' }),
    hello('OpenTelemetry API only, no SDK (no-op)', peer, { OTEL_BENCH_SAMPLING: 'off' }),
    // The epilogue: step 01's own server, unchanged, on the OpenTelemetry SDK through the shim.
    hello('OpenTracing shim on the OpenTelemetry SDK, every trace', tracing, { TRACING_SDK: 'opentelemetry' }),
    hello('OpenTracing shim on the OpenTelemetry SDK, 1%', tracing, { TRACING_SDK: 'opentelemetry', ...oneIn100 }),
  ]);
}

if (steps.includes('04')) {
  // The edge and the two services it calls; each order is also appended to Kafka.
  let base = 3950;
  const chain = (label: string, variant: string): Variant => {
    const [edge, customers, translations] = [base, base + 1, base + 2].map(String) as [string, string, string];
    base += 3;
    const ports = { EDGE_PORT: edge, CUSTOMERS_PORT: customers, TRANSLATIONS_PORT: translations };
    const urls = { CUSTOMERS_URL: `http://127.0.0.1:${customers}`, TRANSLATIONS_URL: `http://127.0.0.1:${translations}`, ORDERS_TOPIC: `bench-${randomUUID().slice(0, 8)}.orders` };
    return {
      label,
      procs: [
        { file: `04-real-life/${variant}/customer-service.ts`, port: Number(customers), env: ports },
        { file: `04-real-life/${variant}/translation-service.ts`, port: Number(translations), env: ports },
        { file: `04-real-life/${variant}/edge.ts`, port: Number(edge), env: { ...ports, ...urls } },
      ],
      target: { port: Number(edge), path: '/greetings', method: 'POST', body: JSON.stringify({ customer: 'ada', name: 'Bench', lang: 'fr' }) },
    };
  };
  await compare('step 04 edge, POST /greetings (edge -> customer-service, translation-service, Kafka)', [
    chain('untraced (04 logging)', 'logging'),
    chain('jaeger-client, remote sampler (every order, as in the strategies file)', 'tracing'),
  ]);
}

// Step 03: events per second through the projector, untraced vs traced. Each round runs
// both, one after the other; the per-round ratios are paired, and their median counts
// (the rate drifts as Kafka and the JIT warm up, so best-of-each would pair unlike rounds).
if (steps.includes('03')) {
  const events = Number(process.env.BENCH_EVENTS || 3000);
  console.log(`\nstep 03 projector: ${events} events per run, ${rounds} rounds, Node ${process.versions.node}`);
  try {
    const rows: { untraced: number; traced: number; cpu: [number, number] }[] = [];
    for (let round = 1; round <= rounds; round++) {
      const untraced = await projectorRate('logging', events);
      const traced = await projectorRate('tracing', events);
      rows.push({ untraced: untraced.rate, traced: traced.rate, cpu: [untraced.cpuPerEvent, traced.cpuPerEvent] });
      console.log(
        `round ${round}: untraced ${untraced.rate.toFixed(0)} events/s (${untraced.cpuPerEvent.toFixed(0)} µs CPU each), ` +
          `traced ${traced.rate.toFixed(0)} events/s (${traced.cpuPerEvent.toFixed(0)} µs CPU each), ratio ${(traced.rate / untraced.rate).toFixed(3)}`,
      );
    }
    const ratios = rows.map((r) => r.traced / r.untraced);
    const m = median(ratios);
    const mid = rows[ratios.indexOf(m)]!;
    const cpuCost = median(rows.map((r) => r.cpu[1] - r.cpu[0]));
    console.log(`\ntraced/untraced events per second (median of ${rounds} paired rounds): ${m.toFixed(3)}`);
    console.log(`tracing cost per event: ${(1e6 / mid.traced - 1e6 / mid.untraced).toFixed(0)} µs of time in that round; ${cpuCost.toFixed(0)} µs of the projector's CPU (median of the paired differences)`);
  } catch (err) {
    console.log(`skipped: ${(err as Error).message} (is Kafka up? npm run infra:local -- up kafka jaeger)`);
  }
}
