// One command to the command API: POST /greetings.
import type { AxiosInstance } from 'axios';
import type { Tracer } from 'opentracing';
import type { Logger } from '../../lib/logger';
import { inSpan } from '../../lib/tracing';

export function sendGreeting(http: AxiosInstance, log: Logger, tracer: Tracer, name: string, lang: string): Promise<string> {
  return inSpan(tracer, 'send-greeting', async () => {
    const { data } = await http.post<{ eventId: string }>('/greetings', { name, lang }, { operation: 'POST /greetings' });
    log.info('command accepted', { name, lang, eventId: data.eventId });
    return data.eventId;
  });
}
