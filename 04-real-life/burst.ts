// What the burst client sends: N orders from the known customers, in a few languages, and
// with BURST_FAULTS=1 (the default) one order from an unknown customer and one legacy
// message, so that every run shows an error span and a dead letter.
import { envChoice } from '../lib/env';
import { CUSTOMER_IDS } from './customers';
import type { Order } from './orders';

const NAMES = ['Charles', 'Alan', 'Ken', 'Katherine', 'Barbara', 'Edsger', 'Dennis', 'John'];
const LANGS = ['en', 'es', 'fr', 'de', 'it', 'pt'];

export function burst(countArg: string | undefined): { orders: Order[]; faults: boolean } {
  const count = countArg === undefined ? 12 : Number(countArg);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new Error(`the order count must be a whole number from 1 to 10000, got "${countArg}"`);
  const faults = envChoice('BURST_FAULTS', '1', ['0', '1']) === '1';
  const orders = Array.from({ length: count }, (_, i) => ({
    customer: CUSTOMER_IDS[i % CUSTOMER_IDS.length]!,
    name: NAMES[i % NAMES.length]!,
    lang: LANGS[i % LANGS.length]!,
  }));
  if (faults) orders.splice(Math.min(2, count), 0, { customer: 'zoe', name: 'Zed', lang: 'en' });
  return { orders, faults };
}
