// The fast consumer: projects events into the read model, served by the query API (port 3004).
import { consume, type ConsumerState } from '../../lib/consume';
import { envPort } from '../../lib/env';
import { startServer } from '../../lib/http';
import { createKafka, ensureTopics, retryUntilConnected } from '../../lib/kafka';
import { createLogger } from '../../lib/logger';
import { closeServer, onShutdown } from '../../lib/shutdown';
import { JsonStore } from '../../lib/store';
import { closeTracer, initTracer } from '../../lib/tracer';
import { inSpan } from '../../lib/tracing';
import { parseEvent } from '../events';
import { emptyReadModel, project, type ReadModel } from '../read-model';
import { DEAD_LETTER_TOPIC, EVENTS_TOPIC, PROJECTOR_GROUP, TOPICS } from '../topics';
import { createQueryApp } from './query-app';
import { traceMessage } from './trace-message';

type Projection = ConsumerState & ReadModel;
const initial = (): Projection => ({ topic: EVENTS_TOPIC, positions: {}, ...emptyReadModel() });

const log = createLogger('projector');
const tracer = initTracer('projector', log);
const kafka = createKafka('projector', log);
let projection = { state: initial, stop: async () => {} };

const server = startServer(createQueryApp(log, tracer, () => projection.state()), 'query-api', envPort('QUERY_API_PORT', 3004), log);
onShutdown(log, () => closeServer(server), () => projection.stop(), () => closeTracer(tracer));

await retryUntilConnected(log, () => ensureTopics(kafka, TOPICS));
projection = await consume({
  kafka,
  log,
  group: PROJECTOR_GROUP,
  topic: EVENTS_TOPIC,
  deadLetterTopic: DEAD_LETTER_TOPIC,
  store: new JsonStore<Projection>(PROJECTOR_GROUP),
  initial,
  parse: parseEvent,
  around: traceMessage(tracer, PROJECTOR_GROUP),
  handle: (event, state) =>
    inSpan(tracer, 'project', async () => {
      if (project(state, event)) log.info('projected', { visitor: event.aggregateId, greetings: state.visitors[event.aggregateId]?.greetings });
    }),
});
log.info(`projecting ${EVENTS_TOPIC} as ${PROJECTOR_GROUP}`);
