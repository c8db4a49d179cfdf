// Input validation shared by the steps: a clean 400 for anything we cannot use.
import { HttpError } from './http';

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
