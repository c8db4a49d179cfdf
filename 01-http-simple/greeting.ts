// The domain of step 01, shared by both variants: a validated name, a greeting.
import { envRate } from '../lib/env';

export { parseName } from '../lib/validate';

envRate('HELLO_FAILURE_RATE'); // a bad value stops the server at start, not on the first greeting

/** HELLO_FAILURE_RATE=0.3 makes 30% of greetings fail, to show an error in the trace. */
export function greet(name: string): string {
  if (Math.random() < envRate('HELLO_FAILURE_RATE')) {
    throw new Error(`greeting for ${name} failed (HELLO_FAILURE_RATE is set)`);
  }
  return `Hello, ${name}!`;
}
