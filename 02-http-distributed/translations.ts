// The domain of step 02, shared by both variants: "hello" in a few languages,
// and the switches that make translation-service slow or failing on stage.
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

/** TRANSLATION_DELAY_MS and TRANSLATION_FAILURE_RATE: a slow hop and a failing one, on demand. */
export async function simulateTrouble(): Promise<void> {
  const delay = Number(process.env.TRANSLATION_DELAY_MS || 0);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  if (Math.random() < Number(process.env.TRANSLATION_FAILURE_RATE || 0)) {
    throw new Error('translation backend failed (TRANSLATION_FAILURE_RATE is set)');
  }
}
