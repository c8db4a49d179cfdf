// npm run bench: throughput and latency, untraced vs traced, measured in one run.
// Rounds alternate the variants so that machine noise hits both alike; the best round counts.
//   BENCH_SECONDS=10 BENCH_ROUNDS=3 npm run bench
import { loadServer, type Result } from './http';
import { projectorRate } from './kafka';

process.env.JAEGER_REPORTER_LOG_SPANS = 'false';
const seconds = Number(process.env.BENCH_SECONDS || 10);
const rounds = Number(process.env.BENCH_ROUNDS || 3);
const env = {
  LOGSTASH_URL: '', // measure tracing, not log shipping
  JAEGER_REPORTER_LOG_SPANS: 'false', // as in production: spans go to the agent, not the console
  HELLO_SERVER_PORT: '3000',
};

const best = (results: Result[]) => results.reduce((a, b) => (b.requestsPerSec > a.requestsPerSec ? b : a));
const row = (r: Result) =>
  `| ${r.label} | ${r.requestsPerSec.toFixed(0)} | ${r.latencyAvg.toFixed(2)} | ${r.p99.toFixed(0)} | ${r.errors} |`;

console.log(`step 01 hello-server, GET /hello/:name, 10 connections, ${rounds} rounds of ${seconds}s per variant\n`);
const variants: { label: string; file: string; env: Record<string, string> }[] = [
  { label: '01 logging (untraced)', file: '01-http-simple/logging/server.ts', env: {} },
  { label: '01 tracing, every trace sampled (const/1)', file: '01-http-simple/tracing/server.ts', env: {} },
  // What production runs: spans are still created and propagated, 1% are reported.
  {
    label: '01 tracing, 1% sampled (probabilistic/0.01)',
    file: '01-http-simple/tracing/server.ts',
    env: { JAEGER_SAMPLER_TYPE: 'probabilistic', JAEGER_SAMPLER_PARAM: '0.01' },
  },
  // The instrumentation alone: same middleware and context handling, jaeger-client's no-op tracer.
  { label: '01 tracing, tracer disabled (JAEGER_DISABLED)', file: '01-http-simple/tracing/server.ts', env: { JAEGER_DISABLED: 'true' } },
];
const results: Result[][] = variants.map(() => []);
for (let round = 1; round <= rounds; round++) {
  for (const [i, v] of variants.entries()) {
    results[i]!.push(await loadServer(v.label, v.file, 3000, '/hello/bench', seconds, { ...env, ...v.env }));
  }
  console.log(`round ${round}: ${results.map((r) => `${r.at(-1)!.requestsPerSec.toFixed(0)}`).join(' / ')} req/s`);
}
const [u, ...traced] = results.map(best);
console.log('\n| variant | req/s | mean latency ms | p99 ms | errors |\n| --- | --- | --- | --- | --- |');
for (const r of [u!, ...traced]) console.log(row(r));
console.log('');
for (const t of traced) {
  console.log(`${t.label}:`);
  console.log(`  traced/untraced throughput ${(t.requestsPerSec / u!.requestsPerSec).toFixed(3)}, mean latency ${(t.latencyAvg / u!.latencyAvg).toFixed(3)}`);
  // At saturation, the throughput gap is the CPU tracing adds to each request.
  console.log(`  tracing cost per request: ${(1e6 / t.requestsPerSec - 1e6 / u!.requestsPerSec).toFixed(0)} µs of server time`);
}
if ([u!, ...traced].some((r) => r.errors > 0)) process.exitCode = 1;

// Step 03: events per second through the projector, untraced vs traced. Each round runs
// both, one after the other; the per-round ratios are paired, and their median counts
// (the rate drifts as Kafka and the JIT warm up, so best-of-each would pair unlike rounds).
const events = Number(process.env.BENCH_EVENTS || 3000);
console.log(`\nstep 03 projector: ${events} events per run, ${rounds} rounds`);
try {
  const rows: { untraced: number; traced: number }[] = [];
  for (let round = 1; round <= rounds; round++) {
    const untraced = await projectorRate('logging', events);
    const traced = await projectorRate('tracing', events);
    rows.push({ untraced, traced });
    console.log(`round ${round}: untraced ${untraced.toFixed(0)} events/s, traced ${traced.toFixed(0)} events/s, ratio ${(traced / untraced).toFixed(3)}`);
  }
  const ratios = rows.map((r) => r.traced / r.untraced).sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)]!;
  const mid = rows.find((r) => r.traced / r.untraced === median)!;
  console.log(`\ntraced/untraced events per second (median of ${rounds} paired rounds): ${median.toFixed(3)}`);
  console.log(`tracing cost per event in that round: ${(1e6 / mid.traced - 1e6 / mid.untraced).toFixed(0)} µs`);
} catch (err) {
  console.log(`skipped: ${(err as Error).message} (is Kafka up? npm run infra:local -- up kafka jaeger)`);
}
