// hello-server: GET /hello/:name and POST /hello { "name": ... } answer a greeting.
import express from 'express';
import { FORMAT_HTTP_HEADERS, Tags, type Tracer } from 'opentracing';
import { withSpan } from '../../lib/context';
import { errorHandler, jsonBody, notFound } from '../../lib/http';
import type { Logger } from '../../lib/logger';
import { greet, parseName } from '../greeting';

export function createApp(log: Logger, tracer: Tracer) {
  const app = express();

  // One server span per request, a child of the caller's span when headers carry one.
  app.use((req, res, next) => {
    const parent = tracer.extract(FORMAT_HTTP_HEADERS, req.headers) ?? undefined;
    const span = tracer.startSpan(`${req.method} ${req.path}`, {
      childOf: parent,
      tags: {
        [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER,
        [Tags.COMPONENT]: 'express',
        [Tags.HTTP_METHOD]: req.method,
        [Tags.HTTP_URL]: req.originalUrl,
      },
    });
    // 'close' comes when the response is sent, and also when the client went away first.
    res.on('close', () => {
      // The route template keeps operation names low-cardinality: GET /hello/:name.
      span.setOperationName(`${req.method} ${req.route?.path ?? '(unmatched route)'}`);
      if (res.writableFinished) span.setTag(Tags.HTTP_STATUS_CODE, res.statusCode);
      const aborted = res.writableFinished ? undefined : new Error('the client went away before the response was sent');
      const err: Error | undefined = res.locals.error ?? aborted; // a 5xx kept by the error handler, or an abort
      if (err) {
        span.setTag(Tags.ERROR, true);
        span.log({ event: 'error', 'error.object': String(err), message: err.message, stack: err.stack });
      }
      span.finish();
    });
    withSpan(span, next);
  });

  app.get('/hello/:name', (req, res) => {
    const name = parseName(req.params.name);
    log.info('greeting', { name });
    res.json({ greeting: greet(name) });
  });

  app.post('/hello', jsonBody(), (req, res) => {
    const name = parseName(req.body?.name);
    log.info('greeting', { name });
    res.json({ greeting: greet(name) });
  });

  app.use(notFound, errorHandler(log));
  return app;
}
