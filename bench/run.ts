// npm run bench: throughput, untraced vs traced, measured in one run, with an OpenTelemetry
// peer. Rounds alternate the variants so that machine noise hits all alike; the best round
// of each counts (step 03: the median of paired rounds).
//   BENCH_SECONDS=5 BENCH_ROUNDS=3 BENCH_STEPS=01,03,04 npm run bench
// Ports 3900-3999 (a running step keeps its own); Jaeger all-in-one receives every span.
import { randomUUID } from 'node:crypto';
import { load, type Proc, type Result, type Target } from './http';
import { projectorRate } from './kafka';

const seconds = Number(process.env.BENCH_SECONDS || 5);
const rounds = Number(process.env.BENCH_ROUNDS || 3);
const steps = (process.env.BENCH_STEPS || '01,03,04').split(',');
const env = {
  LOGSTASH_URL: '', // measure tracing, not log shipping
  JAEGER_REPORTER_LOG_SPANS: 'false', // as in production: spans go to the agent, not the console
};

interface Variant {
  label: string;
  procs: Proc[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const best = (results: Result[]) => results.reduce((a, b) => (b.requestsPerSec > a.requestsPerSec ? b : a));

/** Runs the variants round by round; the first is the untraced baseline. */
async function compare(title: string, variants: Variant[], target: Target): Promise<void> {
  console.log(`\n${title}: ${rounds} rounds of ${seconds} s per variant, 10 connections, Node ${process.versions.node}\n`);
  const results: Result[][] = variants.map(() => []);
  for (let round = 1; round <= rounds; round++) {
    for (const [i, v] of variants.entries()) results[i]!.push(await load(v.label, v.procs, target, seconds, env));
    console.log(`round ${round}: ${results.map((r) => r.at(-1)!.requestsPerSec.toFixed(0)).join(' / ')} req/s`);
  }
  const [u, ...traced] = results.map(best);
  // Two views of the cost: at saturation the throughput gap is the time tracing adds to each
  // request; the servers' own CPU time per request (median of rounds) is steadier, and the
  // only view when the service waits on I/O rather than on its CPU (step 04's edge).
  const cpu = results.map((r) => median(r.map((x) => x.cpuPerRequest)));
  console.log('\n| variant | req/s | traced/untraced | time per request | server CPU per request | p99 ms | errors |\n| --- | --- | --- | --- | --- | --- | --- |');
  console.log(`| ${u!.label} | ${u!.requestsPerSec.toFixed(0)} | 1 | | ${cpu[0]!.toFixed(0)} µs | ${u!.p99} | ${u!.errors} |`);
  for (const [i, t] of traced.entries()) {
    const cost = 1e6 / t.requestsPerSec - 1e6 / u!.requestsPerSec;
    const cpuCost = cpu[i + 1]! - cpu[0]!;
    console.log(`| ${t.label} | ${t.requestsPerSec.toFixed(0)} | ${(t.requestsPerSec / u!.requestsPerSec).toFixed(2)} | +${cost.toFixed(1)} µs | ${cpu[i + 1]!.toFixed(0)} µs (+${cpuCost.toFixed(1)}) | ${t.p99} | ${t.errors} |`);
  }
  if ([u!, ...traced].some((r) => r.errors > 0)) process.exitCode = 1;
}

if (steps.includes('01')) {
  const hello = (file: string, extra: Record<string, string> = {}): Proc[] => [{ file, port: 3900, env: { HELLO_SERVER_PORT: '3900', ...extra } }];
  const tracing = '01-http-simple/tracing/server.ts';
  const peer = 'bench/opentelemetry-server.ts';
  await compare(
    'step 01 hello-server, GET /hello/:name',
    [
      { label: 'untraced (01 logging)', procs: hello('01-http-simple/logging/server.ts') },
      { label: 'jaeger-client, every trace (const/1), UDP to the agent', procs: hello(tracing) },
      { label: 'jaeger-client, every trace, HTTP to the collector', procs: hello(tracing, { JAEGER_ENDPOINT: 'http://127.0.0.1:14268/api/traces' }) },
      // What production runs: spans are still created and propagated, 1% are reported.
      { label: 'jaeger-client, 1% (probabilistic/0.01)', procs: hello(tracing, { JAEGER_SAMPLER_TYPE: 'probabilistic', JAEGER_SAMPLER_PARAM: '0.01' }) },
      // The instrumentation alone: same middleware and context handling, the no-op tracer.
      { label: 'jaeger-client disabled (JAEGER_DISABLED)', procs: hello(tracing, { JAEGER_DISABLED: 'true' }) },
      { label: 'OpenTelemetry SDK, every trace, OTLP/HTTP', procs: hello(peer, { OTEL_BENCH_SAMPLING: '1' }) },
      { label: 'OpenTelemetry SDK, 1% (parent-based ratio)', procs: hello(peer, { OTEL_BENCH_SAMPLING: '0.01' }) },
      { label: 'OpenTelemetry API only, no SDK (no-op)', procs: hello(peer, { OTEL_BENCH_SAMPLING: 'off' }) },
    ],
    { port: 3900, path: '/hello/bench' },
  );
}

if (steps.includes('04')) {
  // The edge and the two services it calls; each order is also appended to Kafka.
  const chain = (variant: string): Proc[] => {
    const ports = { CUSTOMERS_PORT: '3911', TRANSLATIONS_PORT: '3912', EDGE_PORT: '3910' };
    const urls = { CUSTOMERS_URL: 'http://127.0.0.1:3911', TRANSLATIONS_URL: 'http://127.0.0.1:3912', ORDERS_TOPIC: `bench-${randomUUID().slice(0, 8)}.orders` };
    return [
      { file: `04-real-life/${variant}/customer-service.ts`, port: 3911, env: ports },
      { file: `04-real-life/${variant}/translation-service.ts`, port: 3912, env: ports },
      { file: `04-real-life/${variant}/edge.ts`, port: 3910, env: { ...ports, ...urls } },
    ];
  };
  await compare(
    'step 04 edge, POST /greetings (edge -> customer-service, translation-service, Kafka)',
    [
      { label: 'untraced (04 logging)', procs: chain('logging') },
      { label: 'jaeger-client, remote sampler (every order, as in the strategies file)', procs: chain('tracing') },
    ],
    { port: 3910, path: '/greetings', method: 'POST', body: JSON.stringify({ customer: 'ada', name: 'Bench', lang: 'fr' }) },
  );
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
