// Load .env once, before anything reads process.env (jaeger-client reads it too).
import dotenv from 'dotenv';

dotenv.config({ quiet: true });

/** A number from the environment, or the default when unset or empty. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

/** A string from the environment, or the default when unset or empty. */
export function envString(name: string, fallback: string): string {
  const raw = process.env[name];
  return raw === undefined || raw.trim() === '' ? fallback : raw;
}
