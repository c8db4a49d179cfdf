// The edge's call to customer-service: GET /customers/:id.
import type { AxiosInstance } from 'axios';
import { upstreamError } from '../../lib/http-client';
import type { Tier } from '../customers';

export async function lookupCustomer(customers: AxiosInstance, id: string): Promise<Tier> {
  try {
    const { data } = await customers.get<{ tier: Tier }>(`/customers/${id}`, { operation: 'GET /customers/:id' });
    return data.tier;
  } catch (err) {
    throw upstreamError(err, 'customer-service'); // unknown customer: a 400 for our caller
  }
}
