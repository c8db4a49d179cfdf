// Configuration, read one way everywhere: .env is loaded once (dotenv), before anything
// reads process.env (jaeger-client reads it too); an unset or empty variable means the
// default; a bad value stops the process with one line naming the variable, the value and
// what is allowed (exit 2), never a stack trace and never silently.
import dotenv from 'dotenv';

// DOTENV_CONFIG_PATH picks another file (dotenv's own name for it), as tests do.
dotenv.config({ quiet: true, path: process.env.DOTENV_CONFIG_PATH || undefined });

export class ConfigError extends Error {
  constructor(name: string, value: string, allowed: string) {
    super(`${name}=${JSON.stringify(value)} is not valid: ${allowed}`);
  }
}

// Configuration is read when a process starts: a bad value there is one line, exit 2.
// (A monitor, not a handler: every other uncaught error is reported as Node always does.)
process.on('uncaughtExceptionMonitor', (err) => {
  if (!(err instanceof ConfigError)) return;
  console.error(`configuration error: ${err.message}`);
  process.exit(2);
});

/** The variable's value, or undefined when it is unset or empty. */
const raw = (name: string): string | undefined => {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
};

export function envString(name: string, fallback: string): string {
  return raw(name) ?? fallback;
}

interface Range {
  min?: number;
  max?: number;
  integer?: boolean;
  /** What the number is, for the error: "a port", "a fraction". */
  what?: string;
}

export function envNumber(name: string, fallback: number, { min = -Infinity, max = Infinity, integer = false, what }: Range = {}): number {
  const value = raw(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    const range = min > -Infinity && max < Infinity ? ` from ${min} to ${max}` : min > -Infinity ? ` of at least ${min}` : '';
    throw new ConfigError(name, value, `${what ?? `a${integer ? ' whole' : ''} number`}${range}`);
  }
  return n;
}

export const envPort = (name: string, fallback: number) => envNumber(name, fallback, { min: 1, max: 65535, integer: true, what: 'a port, a whole number' });
/** A fraction of requests, 0 (none) to 1 (all). */
export const envRate = (name: string, fallback = 0) => envNumber(name, fallback, { min: 0, max: 1, what: 'a fraction' });
export const envMs = (name: string, fallback: number) => envNumber(name, fallback, { min: 0, integer: true, what: 'milliseconds, a whole number' });

export function envChoice<T extends string>(name: string, fallback: T, choices: readonly T[]): T {
  const value = raw(name);
  if (value === undefined) return fallback;
  if (!choices.includes(value as T)) throw new ConfigError(name, value, `one of ${choices.join(', ')}`);
  return value as T;
}

/** An http(s) URL. With { emptyMeansOff }, a variable set to nothing gives '' (the feature is off). */
export function envUrl(name: string, fallback: string, { emptyMeansOff = false } = {}): string {
  if (emptyMeansOff && process.env[name] !== undefined && process.env[name]!.trim() === '') return '';
  const value = raw(name);
  if (value === undefined) return fallback;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol)) throw new ConfigError(name, value, `an http:// or https:// URL${emptyMeansOff ? ', or nothing to turn it off' : ''}`);
  return value;
}

/** Kafka brokers: host:port[,host:port...]. */
export function envBrokers(name = 'KAFKA_BROKERS', fallback = '127.0.0.1:9092'): string[] {
  const value = raw(name) ?? fallback;
  const brokers = value.split(',').map((b) => b.trim());
  for (const broker of brokers) {
    const port = Number(broker.match(/^[\w.-]+:(\d+)$/)?.[1]);
    if (!(port >= 1 && port <= 65535)) throw new ConfigError(name, value, 'host:port, comma-separated, like 127.0.0.1:9092');
  }
  return brokers;
}
