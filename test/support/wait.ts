// Polls a condition on the monotonic clock, for what a busy machine does a little later.
import { setTimeout as sleep } from 'node:timers/promises';

export async function until(check: () => boolean, ms = 3000): Promise<void> {
  for (const end = performance.now() + ms; !check(); ) {
    if (performance.now() > end) throw new Error(`timed out after ${ms} ms`);
    await sleep(10);
  }
}
