// One call to hello-service: GET /hello/:name?lang=..
import type { AxiosInstance } from 'axios';
import type { Logger } from '../../lib/logger';

export async function sayHello(http: AxiosInstance, log: Logger, name: string, lang: string): Promise<string> {
  const { data } = await http.get<{ greeting: string }>(`/hello/${encodeURIComponent(name)}`, { params: { lang } });
  log.info('greeting received', { name, lang, greeting: data.greeting });
  return data.greeting;
}
