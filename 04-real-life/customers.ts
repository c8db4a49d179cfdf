// The customers of step 04 and their tier: premium customers get express delivery.
import { HttpError } from '../lib/http';

export type Tier = 'premium' | 'standard';

const CUSTOMERS: Record<string, Tier> = { ada: 'premium', grace: 'premium', linus: 'standard', margaret: 'standard' };

export const CUSTOMER_IDS = Object.keys(CUSTOMERS);

/** A customer id is 1 to 32 lowercase letters, digits or dashes. */
export function parseCustomerId(value: unknown): string {
  if (typeof value !== 'string' || !/^[a-z0-9-]{1,32}$/.test(value)) {
    throw new HttpError(400, 'customer must be an id like "ada" (lowercase letters, digits, dashes)');
  }
  return value;
}

/** The customer's tier; a 404 for a customer we do not know. */
export function tierOf(id: string): Tier {
  const tier = CUSTOMERS[id];
  if (!tier) throw new HttpError(404, `unknown customer "${id}"`);
  return tier;
}
