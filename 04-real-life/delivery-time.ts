// How long a delivery takes: express for premium customers, standard for everyone else.
import { envMs } from '../lib/env';
import type { Tier } from './customers';

export type Speed = 'express' | 'standard';

export const speedFor = (tier: Tier): Speed => (tier === 'premium' ? 'express' : 'standard');

/** DELIVERY_DELAY_MS (default 300) for standard; express takes a tenth of it. */
export function deliveryTime(speed: Speed): number {
  const standard = envMs('DELIVERY_DELAY_MS', 300);
  return speed === 'express' ? Math.round(standard / 10) : standard;
}
