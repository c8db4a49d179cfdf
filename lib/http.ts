// Express pieces every service shares: JSON body parsing, 404s, and one error handler
// that turns any failure into a clean JSON answer { error, traceId }.
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Server } from 'node:http';
import { traceFields } from './context';
import { envString } from './env';
import type { Logger } from './logger';

/** An error meant for the caller: its status and message are sent as they are. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** JSON bodies only, small ones: a demo greeting needs no more than 1 kB. */
export const jsonBody = (): RequestHandler => express.json({ limit: envString('HTTP_BODY_LIMIT', '1kb') });

/** GET /health for load balancers and compose; step 04's sampling strategy never samples it. */
export const health: RequestHandler = (_req, res) => {
  res.json({ status: 'ok' });
};

export const notFound: RequestHandler = (req, _res, next) =>
  next(new HttpError(404, `no route for ${req.method} ${req.path}`));

/**
 * Client errors (4xx, incl. body-parser's and the router's) are one warn line, no stack.
 * Server errors are one error line with the stack, and are kept in res.locals.error for
 * whoever wants them (the tracing middleware records them on the request's span).
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: Error & { status?: number }, req, res, _next) => {
    const status = err.status && err.status >= 400 && err.status < 600 ? err.status : 500;
    const message = status < 500 ? clientMessage(err) : err.message;
    if (status < 500) {
      logger.warn(`rejected ${req.method} ${req.path}: ${message}`, { status });
    } else {
      logger.error(`failed ${req.method} ${req.path}: ${message}`, { status, stack: err.stack });
      res.locals.error = err;
    }
    if (res.headersSent) return;
    res.status(status).json({ error: message, traceId: traceFields().trace_id ?? null });
  };
}

// body-parser's and the router's errors carry a type or a status; say what was wrong.
function clientMessage(err: Error & { type?: string }): string {
  if (err.type === 'entity.parse.failed') return 'malformed JSON body';
  if (err.type === 'entity.too.large') return 'request body too large';
  if (err instanceof URIError) return 'malformed percent-encoding in URL';
  return err.message;
}

/** Listen on host:port; a taken port is one clear line and exit 1, not a stack trace. */
export function startServer(app: Express, name: string, port: number, logger: Logger): Server {
  const host = envString('HOST', '127.0.0.1');
  const server = app.listen(port, host, (err) => {
    if (!err) logger.info(`${name} listening on http://${host}:${port}`);
  });
  server.on('error', (err: NodeJS.ErrnoException) => {
    const why = err.code === 'EADDRINUSE' ? `port ${port} is already in use (another ${name} running?)` : err.message;
    console.error(`${name} cannot start: ${why}`);
    process.exit(1);
  });
  return server;
}
