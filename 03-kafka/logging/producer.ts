// The demo's burst: N greetings through the command API, then wait until both consumers
// have processed them, and print what happened.  npm run 03:logging:producer -- 12
import axios from 'axios';
import { envNumber, envString } from '../../lib/env';
import { describeHttpError } from '../../lib/http-client';
import { createKafka, kafkaUnreachable } from '../../lib/kafka';
import { waitForGroups } from '../../lib/lag';
import { createLogger } from '../../lib/logger';
import { EVENTS_TOPIC, NOTIFIER_GROUP, PROJECTOR_GROUP } from '../topics';
import { sendGreeting } from './send-greeting';

const log = createLogger('producer');
const commandApi = envString('COMMAND_API_URL', 'http://127.0.0.1:3003');
const queryApi = envString('QUERY_API_URL', 'http://127.0.0.1:3004');
const http = axios.create({ baseURL: commandApi, timeout: 5000 });
const count = Number(process.argv[2] || 12);
const names = ['Ada', 'Grace', 'Linus', 'Margaret'];
const langs = ['en', 'es', 'fr'];
const interval = envNumber('PRODUCER_INTERVAL_MS', 0); // spread the burst out

try {
  const start = Date.now();
  for (let i = 0; i < count; i++) {
    if (i > 0 && interval) await new Promise((resolve) => setTimeout(resolve, interval));
    await sendGreeting(http, log, names[i % names.length]!, langs[i % langs.length]!);
  }
  log.info(`sent ${count} commands in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  const caughtUp = await waitForGroups(createKafka('producer', log), [PROJECTOR_GROUP, NOTIFIER_GROUP], EVENTS_TOPIC, envNumber('WAIT_TIMEOUT_MS', 60_000));
  log.info(`projector caught up after ${caughtUp[PROJECTOR_GROUP]!.toFixed(1)} s, notifier after ${caughtUp[NOTIFIER_GROUP]!.toFixed(1)} s`);
  const { data } = await axios.get<{ greetings: number; visitors: Record<string, { greetings: number }> }>(`${queryApi}/visitors`);
  log.info(`read model: ${data.greetings} greetings`, { visitors: Object.entries(data.visitors).map(([n, v]) => `${n}=${v.greetings}`).join(' ') });
} catch (err) {
  if (axios.isAxiosError(err)) log.error(describeHttpError(err, err.config?.baseURL ? 'command API' : 'query API', commandApi));
  else if ((err as Error).name.startsWith('KafkaJS')) log.error(kafkaUnreachable(err));
  else log.error((err as Error).message);
  process.exitCode = 1;
}
