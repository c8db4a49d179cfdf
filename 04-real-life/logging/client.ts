// The demo's burst: N greeting orders to the edge (plus, by default, an unknown customer and
// a legacy message), then wait until delivery and stats have processed every message.
//   npm run 04:logging:client -- 12
import axios from 'axios';
import { envMs, envUrl } from '../../lib/env';
import { createKafka, describeKafkaError } from '../../lib/kafka';
import { waitForGroups } from '../../lib/lag';
import { createLogger } from '../../lib/logger';
import { burst } from '../burst';
import { DELIVERY_GROUP, ORDERS_TOPIC, STATS_GROUP } from '../topics';
import { orderGreeting } from './order-greeting';
import { sendLegacyOrder } from './send-legacy-order';

const log = createLogger('greeting-client');
const edge = envUrl('EDGE_URL', 'http://127.0.0.1:3010');
const http = axios.create({ baseURL: edge, timeout: 5000 });
const kafka = createKafka('greeting-client', log);
const producer = kafka.producer();

try {
  const { orders, faults } = burst(process.argv[2]);
  let accepted = 0;
  for (const order of orders) if (await orderGreeting(http, log, order)) accepted += 1;
  log.info(`${accepted} of ${orders.length} orders accepted`);
  if (faults) {
    await producer.connect();
    await sendLegacyOrder(producer, log);
  }
  const caughtUp = await waitForGroups(kafka, [DELIVERY_GROUP, STATS_GROUP], ORDERS_TOPIC, envMs('WAIT_TIMEOUT_MS', 60_000));
  log.info(`stats caught up after ${caughtUp[STATS_GROUP]!.toFixed(1)} s, delivery after ${caughtUp[DELIVERY_GROUP]!.toFixed(1)} s`);
  const { data } = await axios.get(`${envUrl('STATS_URL', 'http://127.0.0.1:3013')}/stats`, { timeout: 5000 });
  log.info(`stats: ${data.greetings} greetings`, { byLang: data.byLang });
} catch (err) {
  if (axios.isAxiosError(err)) log.error(`${err.config?.url?.endsWith('/stats') ? 'stats' : 'edge'} is not reachable (${err.code ?? err.message}): is it running?`);
  else if ((err as Error).name.startsWith('KafkaJS')) log.error(describeKafkaError(err));
  else log.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await producer.disconnect();
}
