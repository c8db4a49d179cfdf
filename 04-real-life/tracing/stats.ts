// The fast consumer: counts greetings per language and customer, served on port 3013.
import { consume, type ConsumerState } from '../../lib/consume';
import { envPort } from '../../lib/env';
import { startServer } from '../../lib/http';
import { createKafka, ensureTopics, retryUntilConnected } from '../../lib/kafka';
import { traceMessages } from '../../lib/kafka-tracing';
import { createLogger } from '../../lib/logger';
import { closeServer, onShutdown } from '../../lib/shutdown';
import { JsonStore } from '../../lib/store';
import { closeTracer, initTracer } from '../../lib/tracer';
import { inSpan } from '../../lib/tracing';
import { parseOrderEvent } from '../orders';
import { remoteSampler } from '../sampling';
import { count, emptyStats, type Stats } from '../stats-model';
import { ORDERS_DEAD_LETTER_TOPIC, ORDERS_TOPIC, STATS_GROUP, TOPICS } from '../topics';
import { createStatsApp } from './stats-app';

type Projection = ConsumerState & Stats;
const initial = (): Projection => ({ topic: ORDERS_TOPIC, positions: {}, ...emptyStats() });

const log = createLogger('stats');
const tracer = initTracer('stats', log, { sampler: remoteSampler() });
const kafka = createKafka('stats', log);
let projection = { state: initial, stop: async () => {} };

const server = startServer(createStatsApp(log, tracer, () => projection.state()), 'stats', envPort('STATS_PORT', 3013), log);
onShutdown(log, () => closeServer(server), () => projection.stop(), () => closeTracer(tracer));

await retryUntilConnected(log, () => ensureTopics(kafka, TOPICS));
projection = await consume({
  kafka,
  log,
  group: STATS_GROUP,
  topic: ORDERS_TOPIC,
  deadLetterTopic: ORDERS_DEAD_LETTER_TOPIC,
  store: new JsonStore<Projection>(STATS_GROUP),
  initial,
  parse: parseOrderEvent,
  around: traceMessages(tracer, STATS_GROUP),
  handle: (order, state) =>
    inSpan(tracer, 'count', async () => {
      count(state, order);
      log.info('counted', { lang: order.data.lang, greetings: state.greetings });
    }),
});
log.info(`counting ${ORDERS_TOPIC} as ${STATS_GROUP}`);
