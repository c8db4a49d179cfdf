// One call to hello-service: GET /hello/:name?lang=..
import type { AxiosInstance } from 'axios';
import type { Tracer } from 'opentracing';
import { jaegerLink } from '../../lib/context';
import type { Logger } from '../../lib/logger';
import { inSpan } from '../../lib/tracing';

export function sayHello(http: AxiosInstance, log: Logger, tracer: Tracer, name: string, lang: string): Promise<string> {
  return inSpan(tracer, 'say-hello', async () => {
    const { data } = await http.get<{ greeting: string }>(`/hello/${encodeURIComponent(name)}`, {
      params: { lang },
      operation: 'GET /hello/:name',
    });
    log.info('greeting received', { name, lang, greeting: data.greeting, jaeger: jaegerLink() });
    return data.greeting;
  });
}
