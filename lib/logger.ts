// winston logger: readable lines on the console, JSON batches to Logstash.
// Every line written while a span is active carries trace_id and span_id.
import winston from 'winston';
import { envChoice, envMs, envUrl } from './env';
import { traceFields } from './context';

export type Logger = winston.Logger;

const FIELDS = new Set(['@timestamp', 'level', 'message', 'service', 'trace_id', 'span_id']);

// Adds the documented fields: @timestamp, service (defaultMeta), trace_id, span_id.
const documentedFields = winston.format((info) => {
  Object.assign(info, { '@timestamp': new Date().toISOString() }, traceFields());
  return info;
});

// "08:55:55.123 info  hello-service  greeting sent  name=Ada  trace=5f2c9a0b"
const consoleLine = winston.format.printf((info) => {
  const extras = Object.entries(info)
    .filter(([key]) => !FIELDS.has(key))
    .map(([key, value]) => `${key}=${key === 'stack' ? firstFrame(value) : typeof value === 'string' ? value : JSON.stringify(value)}`);
  const trace = typeof info.trace_id === 'string' ? `trace=${info.trace_id}` : '';
  const time = String(info['@timestamp']).slice(11, 23);
  return [time, info.level, String(info.service), info.message, ...extras, trace].filter(Boolean).join('  ');
});

// The console shows where an error came from; the whole stack goes to Logstash.
const firstFrame = (stack: unknown) => String(stack).split('\n').find((line) => line.trim().startsWith('at '))?.trim() ?? '';

// LOGSTASH_URL set to nothing turns shipping off: logs go to the console only.
export function createLogger(service: string, logstashUrl = envUrl('LOGSTASH_URL', 'http://127.0.0.1:8080', { emptyMeansOff: true })): Logger {
  const logger = winston.createLogger({
    level: envChoice('LOG_LEVEL', 'info', ['error', 'warn', 'info', 'debug']),
    defaultMeta: { service },
    format: documentedFields(),
    transports: [
      new winston.transports.Console({
        format: process.stdout.isTTY ? winston.format.combine(winston.format.colorize(), consoleLine) : consoleLine,
      }),
    ],
  });
  if (logstashUrl) logger.add(logstashTransport(logger, logstashUrl));
  return logger;
}

// winston's Http transport in batch mode; Logstash's http input takes a JSON array as one
// event per element. When Logstash is down we say so once, and once more when it is back.
function logstashTransport(logger: Logger, url: string): winston.transport {
  const { hostname, port, pathname } = new URL(url);
  const transport = new winston.transports.Http({
    host: hostname,
    port: Number(port || 80),
    path: pathname,
    batch: true,
    batchCount: 50,
    batchInterval: envMs('LOGSTASH_BATCH_INTERVAL_MS', 1000),
    format: winston.format.json(),
  });
  let reachable = true;
  transport.on('warn', (err: Error) => {
    if (!reachable) return;
    reachable = false;
    console.warn(`[${logger.defaultMeta?.service}] Logstash unreachable at ${url} (${err.message}): logs go to the console only until it is back`);
  });
  transport.on('logged', () => {
    if (reachable) return;
    reachable = true;
    console.warn(`[${logger.defaultMeta?.service}] Logstash reachable again at ${url}`);
  });
  return transport;
}
