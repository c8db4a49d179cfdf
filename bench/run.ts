// npm run bench: throughput and latency, untraced vs traced, measured in one run.
// Rounds alternate the variants so that machine noise hits both alike; the best round counts.
//   BENCH_SECONDS=10 BENCH_ROUNDS=3 npm run bench
import { loadServer, type Result } from './http';

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
