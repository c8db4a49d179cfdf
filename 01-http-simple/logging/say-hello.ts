// One call to hello-server: GET /hello/:name.
import type { AxiosInstance } from 'axios';
import type { Logger } from '../../lib/logger';

export async function sayHello(http: AxiosInstance, log: Logger, name: string): Promise<string> {
  const { data } = await http.get<{ greeting: string }>(`/hello/${encodeURIComponent(name)}`);
  log.info('greeting received', { name, greeting: data.greeting });
  return data.greeting;
}
