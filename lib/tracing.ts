// Tracing helpers for steps 02 and later: what step 01 typed by hand, once.
import type { AxiosInstance, InternalAxiosRequestConfig } from 'axios';
import type { RequestHandler } from 'express';
import { FORMAT_HTTP_HEADERS, Tags, type Span, type SpanOptions, type Tracer } from 'opentracing';
import { activeSpan, withSpan } from './context';

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Operation name of the client span, a route template: 'GET /greetings/:lang'. */
    operation?: string;
  }
}

/** Tags the span as failed and logs the error on it (OpenTracing's error conventions). */
export function recordError(span: Span, err: unknown): void {
  const error = err instanceof Error ? err : new Error(String(err));
  span.setTag(Tags.ERROR, true);
  // Strings only: jaeger-client JSON-encodes objects, and an Error encodes as {}.
  span.log({ event: 'error', 'error.kind': error.name, 'error.object': String(error), message: error.message, stack: error.stack });
}

/** Runs fn inside a new span, a child of the active one; errors are recorded and rethrown. */
export async function inSpan<T>(tracer: Tracer, name: string, fn: (span: Span) => Promise<T>, options: SpanOptions = {}): Promise<T> {
  const span = tracer.startSpan(name, { childOf: activeSpan(), ...options });
  try {
    return await withSpan(span, () => fn(span));
  } catch (err) {
    recordError(span, err);
    throw err;
  } finally {
    span.finish();
  }
}

/** Express middleware: a server span per request, child of the caller's span from the headers. */
export function traceRequests(tracer: Tracer, component = 'express'): RequestHandler {
  return (req, res, next) => {
    const parent = tracer.extract(FORMAT_HTTP_HEADERS, req.headers) ?? undefined;
    const span = tracer.startSpan(`${req.method} ${req.path}`, {
      childOf: parent,
      tags: {
        [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER,
        [Tags.COMPONENT]: component,
        [Tags.HTTP_METHOD]: req.method,
        [Tags.HTTP_URL]: req.originalUrl,
      },
    });
    // 'close', not 'finish': it also comes when the client went away before the answer (a
    // timeout, Ctrl-C), the request we most want to see in the trace.
    res.on('close', () => {
      // The route template keeps operation names low-cardinality.
      span.setOperationName(`${req.method} ${req.baseUrl}${req.route?.path ?? '(unmatched route)'}`);
      if (res.writableFinished) span.setTag(Tags.HTTP_STATUS_CODE, res.statusCode);
      else recordError(span, new Error('the client went away before the response was sent'));
      if (res.locals.error) recordError(span, res.locals.error); // a 5xx, kept by the error handler
      span.finish();
    });
    withSpan(span, next);
  };
}

// The URL the request goes to. Not axios's getUri(config): it merges the instance defaults
// into the (already merged) config again, about 30 µs a call on Node 24, more than the span.
function requestUrl({ baseURL, url = '', params }: InternalAxiosRequestConfig): string {
  const full = baseURL && !/^[a-z][a-z\d+.-]*:\/\//i.test(url) ? `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}` : url;
  const query = params ? new URLSearchParams(params as Record<string, string>).toString() : '';
  return query ? `${full}${full.includes('?') ? '&' : '?'}${query}` : full;
}

// The client span of each request in flight, kept off the config object (axios serializes it).
const spans = new WeakMap<InternalAxiosRequestConfig, Span>();

/** axios interceptors: a client span per request, child of the active span, injected into the headers. */
export function traceAxios(http: AxiosInstance, tracer: Tracer, peerService: string): AxiosInstance {
  http.interceptors.request.use((config) => {
    const method = (config.method ?? 'get').toUpperCase();
    const span = tracer.startSpan(config.operation ?? `HTTP ${method}`, {
      childOf: activeSpan(),
      tags: {
        [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_CLIENT,
        [Tags.COMPONENT]: 'axios',
        [Tags.PEER_SERVICE]: peerService,
        [Tags.HTTP_METHOD]: method,
        [Tags.HTTP_URL]: requestUrl(config),
      },
    });
    const headers: Record<string, string> = {};
    tracer.inject(span, FORMAT_HTTP_HEADERS, headers);
    config.headers.set(headers);
    spans.set(config, span);
    return config;
  });
  http.interceptors.response.use(
    (response) => {
      const span = spans.get(response.config);
      span?.setTag(Tags.HTTP_STATUS_CODE, response.status);
      span?.finish();
      return response;
    },
    (err: { config?: InternalAxiosRequestConfig; response?: { status: number } }) => {
      const span = err.config && spans.get(err.config);
      if (span) {
        if (err.response) span.setTag(Tags.HTTP_STATUS_CODE, err.response.status);
        recordError(span, err);
        span.finish();
      }
      return Promise.reject(err);
    },
  );
  return http;
}
