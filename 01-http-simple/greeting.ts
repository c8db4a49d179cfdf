// The domain of step 01, shared by both variants: validate a name, build a greeting.
import { HttpError } from '../lib/http';

const MAX_NAME_LENGTH = 64;

/** A name is a non-empty string of at most 64 printable characters. */
export function parseName(value: unknown): string {
  if (typeof value !== 'string') throw new HttpError(400, 'name must be a string');
  const name = value.trim();
  if (name === '') throw new HttpError(400, 'name must not be empty');
  if (name.length > MAX_NAME_LENGTH) throw new HttpError(400, `name must be at most ${MAX_NAME_LENGTH} characters`);
  if (/\p{Cc}/u.test(name)) throw new HttpError(400, 'name must not contain control characters');
  return name;
}

/** HELLO_FAILURE_RATE=0.3 makes 30% of greetings fail, to show an error in the trace. */
export function greet(name: string): string {
  if (Math.random() < Number(process.env.HELLO_FAILURE_RATE || 0)) {
    throw new Error(`greeting for ${name} failed (HELLO_FAILURE_RATE is set)`);
  }
  return `Hello, ${name}!`;
}
