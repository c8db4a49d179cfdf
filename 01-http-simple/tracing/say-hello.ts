// One call to hello-server: GET /hello/:name.
import type { AxiosInstance } from 'axios';
import { FORMAT_HTTP_HEADERS, Tags, type Tracer } from 'opentracing';
import { withSpan } from '../../lib/context';
import type { Logger } from '../../lib/logger';

export async function sayHello(http: AxiosInstance, log: Logger, tracer: Tracer, name: string): Promise<string> {
  const url = `/hello/${encodeURIComponent(name)}`;
  const span = tracer.startSpan('say-hello', {
    tags: {
      [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_CLIENT,
      [Tags.COMPONENT]: 'axios',
      [Tags.HTTP_METHOD]: 'GET',
      [Tags.HTTP_URL]: `${http.defaults.baseURL}${url}`,
    },
  });
  // The span context travels to the server in HTTP headers (uber-trace-id).
  const headers: Record<string, string> = {};
  tracer.inject(span, FORMAT_HTTP_HEADERS, headers);
  return withSpan(span, async () => {
    try {
      const { data, status } = await http.get<{ greeting: string }>(url, { headers });
      span.setTag(Tags.HTTP_STATUS_CODE, status);
      log.info('greeting received', { name, greeting: data.greeting });
      return data.greeting;
    } catch (err) {
      const { message, response } = err as { message: string; response?: { status: number } };
      if (response) span.setTag(Tags.HTTP_STATUS_CODE, response.status);
      span.setTag(Tags.ERROR, true);
      span.log({ event: 'error', message });
      throw err;
    } finally {
      span.finish();
    }
  });
}
