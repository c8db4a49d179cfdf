// The slow consumer, in its own group: a "postcard" per greeting, NOTIFIER_DELAY_MS each.
import { setTimeout as sleep } from 'node:timers/promises';
import { consume, type ConsumerState } from '../../lib/consume';
import { envMs } from '../../lib/env';
import { createKafka, ensureTopics, retryUntilConnected } from '../../lib/kafka';
import { createLogger } from '../../lib/logger';
import { onShutdown } from '../../lib/shutdown';
import { JsonStore } from '../../lib/store';
import { closeTracer, initTracer } from '../../lib/tracer';
import { inSpan } from '../../lib/tracing';
import { parseEvent } from '../events';
import { DEAD_LETTER_TOPIC, EVENTS_TOPIC, NOTIFIER_GROUP, TOPICS } from '../topics';
import { traceMessage } from './trace-message';

type Postcards = ConsumerState & { postcards: number };

const log = createLogger('notifier');
const tracer = initTracer('notifier', log);
const kafka = createKafka('notifier', log);
const delay = envMs('NOTIFIER_DELAY_MS', 200);
let notifier = { stop: async () => {} };
onShutdown(log, () => notifier.stop(), () => closeTracer(tracer));

await retryUntilConnected(log, () => ensureTopics(kafka, TOPICS));
notifier = await consume({
  kafka,
  log,
  group: NOTIFIER_GROUP,
  topic: EVENTS_TOPIC,
  deadLetterTopic: DEAD_LETTER_TOPIC,
  store: new JsonStore<Postcards>(NOTIFIER_GROUP),
  parse: parseEvent,
  initial: () => ({ topic: EVENTS_TOPIC, positions: {}, postcards: 0 }),
  around: traceMessage(tracer, NOTIFIER_GROUP),
  handle: (event, state) =>
    inSpan(tracer, 'send-postcard', async () => {
      await sleep(delay); // writing a postcard takes a while
      state.postcards += 1;
      log.info('postcard sent', { to: event.data.name, lang: event.data.lang, postcards: state.postcards });
    }),
});
log.info(`notifying from ${EVENTS_TOPIC} as ${NOTIFIER_GROUP}, ${delay} ms per postcard`);
