// An old producer that still writes v1 events, straight to Kafka: nobody can read them,
// so both consumers dead-letter it (BURST_FAULTS=0 leaves it out).
import type { Producer } from 'kafkajs';
import { appendEvent } from '../../lib/kafka';
import type { Logger } from '../../lib/logger';
import { legacyOrder } from '../orders';
import { ORDERS_TOPIC } from '../topics';

export async function sendLegacyOrder(producer: Producer, log: Logger): Promise<void> {
  await appendEvent(producer, ORDERS_TOPIC, { aggregateId: 'legacy', ...legacyOrder('ada', 'Charles') });
  log.info('legacy order sent (a poison message)');
}
