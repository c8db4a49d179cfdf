// The demo's burst, the same for both producers: N greetings through the command API, then
// wait until both consumer groups have processed them, and print what happened.
import axios from 'axios';
import { envMs, envUrl } from '../lib/env';
import { describeHttpError } from '../lib/http-client';
import { createKafka, describeKafkaError } from '../lib/kafka';
import { waitForGroups } from '../lib/lag';
import type { Logger } from '../lib/logger';
import { EVENTS_TOPIC, NOTIFIER_GROUP, PROJECTOR_GROUP } from './topics';

export const COMMAND_API = envUrl('COMMAND_API_URL', 'http://127.0.0.1:3003');
const QUERY_API = envUrl('QUERY_API_URL', 'http://127.0.0.1:3004');
const NAMES = ['Ada', 'Grace', 'Linus', 'Margaret'];
const LANGS = ['en', 'es', 'fr'];

type Send = (name: string, lang: string) => Promise<unknown>;

/** Runs the burst; resolves with the exit code (1 after one line saying what failed). */
export async function burst(log: Logger, countArg: string | undefined, send: Send): Promise<number> {
  const count = countArg === undefined ? 12 : Number(countArg);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) {
    log.error(`the number of greetings must be a whole number from 1 to 10000, got "${countArg}"`);
    return 2;
  }
  const interval = envMs('PRODUCER_INTERVAL_MS', 0); // spread the burst out
  try {
    const start = Date.now();
    for (let i = 0; i < count; i++) {
      if (i > 0 && interval) await new Promise((resolve) => setTimeout(resolve, interval));
      await send(NAMES[i % NAMES.length]!, LANGS[i % LANGS.length]!);
    }
    log.info(`sent ${count} commands in ${((Date.now() - start) / 1000).toFixed(1)} s`);
    const caughtUp = await waitForGroups(createKafka('producer', log), [PROJECTOR_GROUP, NOTIFIER_GROUP], EVENTS_TOPIC, envMs('WAIT_TIMEOUT_MS', 60_000));
    log.info(`projector caught up after ${caughtUp[PROJECTOR_GROUP]!.toFixed(1)} s, notifier after ${caughtUp[NOTIFIER_GROUP]!.toFixed(1)} s`);
    const { data } = await axios.get<{ greetings: number; visitors: Record<string, { greetings: number }> }>(`${QUERY_API}/visitors`, { timeout: 5000 });
    log.info(`read model: ${data.greetings} greetings`, { visitors: Object.entries(data.visitors).map(([n, v]) => `${n}=${v.greetings}`).join(' ') });
    return 0;
  } catch (err) {
    const query = axios.isAxiosError(err) && !!err.config?.url?.startsWith(QUERY_API);
    if (axios.isAxiosError(err)) log.error(query ? describeHttpError(err, 'query API', QUERY_API) : describeHttpError(err, 'command API', COMMAND_API));
    else if ((err as Error).name.startsWith('KafkaJS')) log.error(describeKafkaError(err));
    else log.error((err as Error).message);
    return 1;
  }
}
