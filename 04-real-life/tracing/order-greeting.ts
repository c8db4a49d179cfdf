// One order to the edge: POST /greetings. A rejected order is logged, not thrown:
// the burst goes on, and the summary counts it.
import { isAxiosError, type AxiosInstance } from 'axios';
import type { Tracer } from 'opentracing';
import { jaegerLink } from '../../lib/context';
import { describeHttpError } from '../../lib/http-client';
import type { Logger } from '../../lib/logger';
import { inSpan } from '../../lib/tracing';
import type { Order } from '../orders';

export function orderGreeting(http: AxiosInstance, log: Logger, tracer: Tracer, order: Order): Promise<boolean> {
  return inSpan(tracer, 'order-greeting', async () => {
    try {
      const { data } = await http.post<{ eventId: string; greeting: string }>('/greetings', order, { operation: 'POST /greetings' });
      log.info('order accepted', { ...order, greeting: data.greeting, jaeger: jaegerLink() });
      return true;
    } catch (err) {
      if (!isAxiosError(err) || !err.response) throw err; // the edge is down: stop the burst
      log.warn(describeHttpError(err, 'edge', String(http.defaults.baseURL)), { customer: order.customer });
      return false;
    }
  });
}
