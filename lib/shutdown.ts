// Graceful shutdown: on SIGINT/SIGTERM run the closers in order (stop accepting and
// finish in-flight work first, flush the tracer last), then let the process exit.
import type { Server } from 'node:http';
import type { Logger } from './logger';

type Closer = () => Promise<void> | void;

export function onShutdown(logger: Logger, ...closers: Closer[]): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130); // a second Ctrl-C means now
    stopping = true;
    logger.info(`${signal} received, shutting down`);
    for (const close of closers) {
      try {
        await close();
      } catch (err) {
        logger.warn(`shutdown step failed: ${(err as Error).message}`);
      }
    }
    // Pending log batches and sockets finish on their own; never hang the terminal.
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Stop accepting connections and wait for in-flight requests. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}
