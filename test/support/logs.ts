// A logger whose lines are kept in memory as the objects the Logstash transport would send.
import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger, type Logger } from '../../lib/logger';

export type LogLine = Record<string, unknown> & { message: string; level: string; service: string };

export function memoryLogger(service: string): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger(service, ''); // '' = no Logstash
  logger.clear(); // keep the test output quiet: no console transport
  logger.add(memoryTransport(lines));
  return { logger, lines };
}

/** A transport that keeps each line, as plain JSON, in lines. */
export function memoryTransport(lines: LogLine[]): winston.transport {
  const sink = new Writable({
    objectMode: true,
    write(info: LogLine, _encoding, done) {
      lines.push(JSON.parse(JSON.stringify(info)) as LogLine);
      done();
    },
  });
  return new winston.transports.Stream({ stream: sink });
}
