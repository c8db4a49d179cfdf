// Delivers one greeting: express for premium customers, standard for everyone else.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Tracer } from 'opentracing';
import type { Logger } from '../../lib/logger';
import { inSpan } from '../../lib/tracing';
import type { Tier } from '../customers';
import { deliveryTime, speedFor, type Speed } from '../delivery-time';
import type { GreetingOrdered } from '../orders';

export function deliver(log: Logger, tracer: Tracer, order: GreetingOrdered, state: Record<Speed, number>): Promise<Speed> {
  return inSpan(tracer, 'deliver', async (span) => {
    // Set by the edge, two services and a topic away: no API carries it.
    const tier = (span.getBaggageItem('customer-tier') ?? 'standard') as Tier;
    span.setTag('baggage.customer-tier', tier);
    const speed = speedFor(tier);
    span.setTag('delivery.speed', speed);
    await sleep(deliveryTime(speed));
    state[speed] += 1;
    log.info(`delivered (${speed})`, { to: order.data.name, customer: order.aggregateId });
    return speed;
  });
}
