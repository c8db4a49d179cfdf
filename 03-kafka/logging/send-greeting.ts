// One command to the command API: POST /greetings.
import type { AxiosInstance } from 'axios';
import type { Logger } from '../../lib/logger';

export async function sendGreeting(http: AxiosInstance, log: Logger, name: string, lang: string): Promise<string> {
  const { data } = await http.post<{ eventId: string }>('/greetings', { name, lang });
  log.info('command accepted', { name, lang, eventId: data.eventId });
  return data.eventId;
}
