// The domain of step 01, shared by both variants: a validated name, a greeting.
export { parseName } from '../lib/validate';

/** HELLO_FAILURE_RATE=0.3 makes 30% of greetings fail, to show an error in the trace. */
export function greet(name: string): string {
  if (Math.random() < Number(process.env.HELLO_FAILURE_RATE || 0)) {
    throw new Error(`greeting for ${name} failed (HELLO_FAILURE_RATE is set)`);
  }
  return `Hello, ${name}!`;
}
