// An old producer that still writes v1 events, straight to Kafka: nobody can read them,
// so both consumers dead-letter it (BURST_FAULTS=0 leaves it out).
import type { Producer } from 'kafkajs';
import type { Tracer } from 'opentracing';
import { appendEvent } from '../../lib/kafka';
import { injectHeaders, producerTags } from '../../lib/kafka-tracing';
import type { Logger } from '../../lib/logger';
import { inSpan } from '../../lib/tracing';
import { legacyOrder } from '../orders';
import { ORDERS_TOPIC } from '../topics';

export async function sendLegacyOrder(producer: Producer, log: Logger, tracer: Tracer): Promise<void> {
  const event = { aggregateId: 'legacy', ...legacyOrder('ada', 'Charles') };
  await inSpan(tracer, `To_${ORDERS_TOPIC}`, (span) => appendEvent(producer, ORDERS_TOPIC, event, injectHeaders(tracer, span)), producerTags(ORDERS_TOPIC));
  log.info('legacy order sent (a poison message)');
}
