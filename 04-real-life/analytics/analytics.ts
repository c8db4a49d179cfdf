// npm run 04:analytics [-- --follow]
// A streaming stand-in for Jaeger's spark-dependencies job: reads every span the collector
// wrote to Kafka, prints per-operation calls, errors and latency percentiles and the calls
// between services, and writes those calls where jaeger-query's System Architecture view
// reads them. --follow keeps reading and prints again every few seconds.
import { brokers, createKafka } from '../../lib/kafka';
import { envString, envUrl } from '../../lib/env';
import { createLogger } from '../../lib/logger';
import { onShutdown } from '../../lib/shutdown';
import { checkElasticsearch, dependencyDocuments, writeDependencies } from './dependencies';
import { report } from './report';
import { decodeSpan, NotASpan, type Span } from './spans';
import { callsBetweenServices, links, operationStats, spanKey } from './stats';
import { probeBrokers, readTopic, topicRanges, type TopicReader } from './topic';

const TOPIC = envString('JAEGER_SPANS_TOPIC', 'jaeger-spans');
const ES_URL = envUrl('ELASTICSEARCH_URL', 'http://127.0.0.1:9200').replace(/\/+$/, '');
const FOLLOW_EVERY_MS = 5000;
const START = "start step 04's pipeline with `docker compose -f 04-real-life/docker-compose.yml up -d` or `npm run infra:local -- up production`";

const args = process.argv.slice(2);
const follow = args.includes('--follow');

// fetch hides the useful part (ECONNREFUSED, bad port) in the cause.
function reason(err: unknown): string {
  const cause = (err as Error).cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}
const kafkaDown = (err: unknown) => `Kafka is not reachable at ${brokers().join(',')} (${reason(err)}): ${START}`;
const elasticsearchDown = (err: unknown) => `Elasticsearch is not reachable at ${ES_URL} (${reason(err)}): ${START}`;

// The same span read twice (a producer retry) is kept once: the map is keyed by its ids.
const spans = new Map<string, Span>();
const notSpans = { count: 0, first: '' };

function collect(value: Buffer | null): void {
  try {
    const span = decodeSpan(value);
    spans.set(spanKey(span.traceId, span.spanId), span);
  } catch (err) {
    if (!(err instanceof NotASpan)) throw err;
    notSpans.count += 1;
    notSpans.first ||= err.message;
  }
}

/** Prints the tables and replaces the dependency documents; throws when Elasticsearch fails. */
async function publish(): Promise<void> {
  const { calls, unknownReferences } = callsBetweenServices(spans.values());
  const traces = new Set([...spans.values()].map((span) => span.traceId)).size;
  console.log(report({ topic: TOPIC, spans: spans.size, traces, stats: operationStats(spans.values()), links: links(calls), unknownReferences, notSpans }));
  const documents = dependencyDocuments(calls, new Date());
  await writeDependencies(ES_URL, documents);
  if (documents.length) console.log(`\nwritten for Jaeger's System Architecture view: ${documents.map((d) => `${d.index}/_doc/${d.id}`).join(', ')}`);
}

async function main(): Promise<number> {
  if (args.some((arg) => arg !== '--follow')) {
    console.error('usage: npm run 04:analytics [-- --follow]');
    return 2;
  }
  try {
    await checkElasticsearch(ES_URL);
  } catch (err) {
    console.error(elasticsearchDown(err));
    return 1;
  }
  const kafka = createKafka('04-analytics', createLogger('analytics', '')); // '' = no Logstash: a CLI
  let reader: TopicReader | undefined;
  try {
    await probeBrokers(brokers());
    const ranges = await topicRanges(kafka, TOPIC);
    if (!ranges.some(({ low, high }) => high > low)) {
      console.log(`no spans yet in ${TOPIC}`);
      return 0;
    }
    reader = await readTopic(kafka, TOPIC, ranges, collect, { follow });
    await reader.caughtUp;
  } catch (err) {
    await reader?.stop().catch(() => undefined);
    console.error(kafkaDown(err));
    return 1;
  }
  if (spans.size === 0) {
    await reader.stop();
    console.error(`${TOPIC} holds no span in Jaeger's JSON encoding (${notSpans.first}): run the collector with --kafka.producer.encoding=json`);
    return 1;
  }
  try {
    await publish();
  } catch (err) {
    await reader.stop();
    console.error(elasticsearchDown(err));
    return 1;
  }
  if (!follow) {
    await reader.stop();
    return 0;
  }
  return followOn(reader);
}

// Prints again when new spans came in; Elasticsearch failing is said once, until it is back.
// Ctrl-C stops with 0; Kafka going away stops with 1.
function followOn(reader: TopicReader): Promise<number> {
  let printed = spans.size;
  let failing = false;
  const timer = setInterval(async () => {
    if (spans.size === printed) return;
    printed = spans.size;
    if (process.stdout.isTTY) console.clear();
    try {
      await publish();
      failing = false;
    } catch (err) {
      if (!failing) console.error(elasticsearchDown(err));
      failing = true;
    }
  }, FOLLOW_EVERY_MS);
  return new Promise((resolve) => {
    onShutdown(createLogger('analytics', ''), () => clearInterval(timer), () => reader.stop(), () => resolve(0));
    void reader.crashed.then(async (err) => {
      clearInterval(timer);
      await reader.stop().catch(() => undefined);
      console.error(kafkaDown(err));
      resolve(1);
    });
  });
}

process.exitCode = await main();
// kafkajs may keep a socket or a timer for a moment; never keep the terminal waiting.
setTimeout(() => process.exit(), 3000).unref();
