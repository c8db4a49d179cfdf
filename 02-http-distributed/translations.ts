// The domain of step 02, shared by both variants: "hello" in a few languages,
// and the switches that make translation-service slow or failing on stage.
import { envMs, envRate } from '../lib/env';
import { HttpError } from '../lib/http';

const HELLO: Record<string, string> = { en: 'Hello', es: 'Hola', fr: 'Bonjour', de: 'Hallo', it: 'Ciao', pt: 'Olá' };

export const LANGUAGES = Object.keys(HELLO);

/** A language code is two lowercase letters; the default is English. */
export function parseLang(value: unknown): string {
  if (value === undefined) return 'en';
  if (typeof value !== 'string' || !/^[a-z]{2}$/.test(value)) throw new HttpError(400, 'lang must be a two-letter code like "es"');
  return value;
}

/** "Hello" in lang; a 404 for a language we do not speak. */
export function helloIn(lang: string): string {
  const hello = HELLO[lang];
  if (!hello) throw new HttpError(404, `unsupported language "${lang}" (supported: ${LANGUAGES.join(', ')})`);
  return hello;
}

// Bad switches stop the service at start, not on the first request (read again per request:
// tests and demos change them).
envMs('TRANSLATION_DELAY_MS', 0);
envRate('TRANSLATION_FAILURE_RATE');

/** TRANSLATION_DELAY_MS and TRANSLATION_FAILURE_RATE: a slow hop and a failing one, on demand. */
export async function simulateTrouble(): Promise<void> {
  const delay = envMs('TRANSLATION_DELAY_MS', 0);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  if (Math.random() < envRate('TRANSLATION_FAILURE_RATE')) {
    throw new Error('translation backend failed (TRANSLATION_FAILURE_RATE is set)');
  }
}
