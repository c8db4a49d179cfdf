// Step 03 under load: events per second through the fast consumer (the projector process,
// as `npm run 03:<variant>:projector` runs it), untraced vs traced, in one run.
// Each run gets a fresh topic holding N events (with trace headers for the traced one).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { FORMAT_TEXT_MAP } from 'opentracing';
import { greetingSent } from '../03-kafka/events';
import { cpuMicros, settle } from './http';
import { createLogger } from '../lib/logger';
import { closeTracer, initTracer } from '../lib/tracer';

const kafka = new Kafka({ clientId: 'bench', brokers: (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });

async function fill(topic: string, count: number, traced: boolean): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }, { topic: `${topic}.dead-letter` }], waitForLeaders: true });
  await admin.disconnect();
  const log = createLogger('bench', '');
  log.silent = true;
  const tracer = initTracer('bench-producer', log);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const names = ['Ada', 'Grace', 'Linus', 'Margaret', 'Barbara', 'Edsger'];
  for (let sent = 0; sent < count; sent += 500) {
    const messages = Array.from({ length: Math.min(500, count - sent) }, (_, i) => {
      const event = greetingSent(names[(sent + i) % names.length]!, 'en');
      const headers: Record<string, string> = {};
      if (traced) {
        const span = tracer.startSpan('To_bench');
        tracer.inject(span, FORMAT_TEXT_MAP, headers);
        span.finish();
      }
      return { key: event.aggregateId, value: JSON.stringify(event), headers };
    });
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
  await closeTracer(tracer);
}

async function committed(group: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Events per second, and the projector's CPU µs per event, between its first and last commits. */
export async function projectorRate(variant: 'logging' | 'tracing', count: number): Promise<{ rate: number; cpuPerEvent: number }> {
  const topic = `bench-${randomUUID().slice(0, 8)}`;
  await fill(topic, count, variant === 'tracing');
  await settle(); // Jaeger stores the producer's spans first
  const group = `${topic}-projector`;
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the projector.
  const nodeArgs = (process.env.BENCH_NODE_ARGS || '').split(' ').filter(Boolean);
  const projector = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', `03-kafka/${variant}/projector.ts`], {
    env: {
      ...process.env,
      EVENTS_TOPIC: topic,
      PROJECTOR_GROUP: group,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-')),
      QUERY_API_PORT: '3904',
      LOGSTASH_URL: '',
      JAEGER_REPORTER_LOG_SPANS: 'false',
    },
    stdio: 'ignore',
  });
  try {
    let first: { at: number; done: number; cpu: number } | undefined;
    const deadline = performance.now() + 300_000;
    for (;;) {
      const done = await committed(group, topic);
      if (!first && done > 0) first = { at: Date.now(), done, cpu: cpuMicros(projector.pid!) };
      if (done >= count && first) {
        return { rate: (done - first.done) / ((Date.now() - first.at) / 1000), cpuPerEvent: (cpuMicros(projector.pid!) - first.cpu) / (done - first.done) };
      }
      if (performance.now() > deadline || projector.exitCode !== null) throw new Error(`${variant} projector stalled at ${done}/${count}`);
      await sleep(100);
    }
  } finally {
    projector.kill('SIGINT');
    await new Promise((resolve) => projector.once('exit', resolve));
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, `${topic}.dead-letter`] }).catch(() => {});
    await admin.disconnect();
  }
}
