// One order to the edge: POST /greetings. A rejected order is logged, not thrown:
// the burst goes on, and the summary counts it.
import { isAxiosError, type AxiosInstance } from 'axios';
import { describeHttpError } from '../../lib/http-client';
import type { Logger } from '../../lib/logger';
import type { Order } from '../orders';

export async function orderGreeting(http: AxiosInstance, log: Logger, order: Order): Promise<boolean> {
  try {
    const { data } = await http.post<{ eventId: string; greeting: string }>('/greetings', order);
    log.info('order accepted', { ...order, greeting: data.greeting });
    return true;
  } catch (err) {
    if (!isAxiosError(err) || !err.response) throw err; // the edge is down: stop the burst
    log.warn(describeHttpError(err, 'edge', String(http.defaults.baseURL)), { customer: order.customer });
    return false;
  }
}
