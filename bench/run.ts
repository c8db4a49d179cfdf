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
const untraced: Result[] = [];
const traced: Result[] = [];
for (let round = 1; round <= rounds; round++) {
  untraced.push(await loadServer('01 logging (untraced)', '01-http-simple/logging/server.ts', 3000, '/hello/bench', seconds, env));
  traced.push(await loadServer('01 tracing (traced)', '01-http-simple/tracing/server.ts', 3000, '/hello/bench', seconds, env));
  console.log(`round ${round}: untraced ${untraced.at(-1)!.requestsPerSec.toFixed(0)} req/s, traced ${traced.at(-1)!.requestsPerSec.toFixed(0)} req/s`);
}
const [u, t] = [best(untraced), best(traced)];
console.log('\n| variant | req/s | mean latency ms | p99 ms | errors |\n| --- | --- | --- | --- | --- |');
console.log(row(u));
console.log(row(t));
console.log(`\ntraced/untraced throughput: ${(t.requestsPerSec / u.requestsPerSec).toFixed(3)}`);
console.log(`traced/untraced mean latency: ${(t.latencyAvg / u.latencyAvg).toFixed(3)}`);
// At saturation, the throughput gap is the CPU tracing adds to each request.
console.log(`tracing cost per request: ${(1e6 / t.requestsPerSec - 1e6 / u.requestsPerSec).toFixed(0)} µs of server time`);
if (u.errors + t.errors > 0) process.exitCode = 1;
