// hello-client: greets name:lang pairs (default Ada:en Grace:es Linus:fr), then exits.
import axios from 'axios';
import { envUrl } from '../../lib/env';
import { describeHttpError } from '../../lib/http-client';
import { createLogger } from '../../lib/logger';
import { closeTracer, initTracer } from '../../lib/tracer';
import { traceAxios } from '../../lib/tracing';
import { sayHello } from './say-hello';

const log = createLogger('hello-client');
const tracer = initTracer('hello-client', log);
const baseURL = envUrl('HELLO_SERVICE_URL', 'http://127.0.0.1:3001');
const http = traceAxios(axios.create({ baseURL, timeout: 5000 }), tracer, 'hello-service');
const args = process.argv.slice(2);
const pairs = (args.length ? args : ['Ada:en', 'Grace:es', 'Linus:fr']).map((arg) => arg.split(':'));

try {
  for (const [name = '', lang = 'en'] of pairs) await sayHello(http, log, tracer, name, lang);
} catch (err) {
  log.error(describeHttpError(err, 'hello-service', baseURL));
  process.exitCode = 1;
} finally {
  await closeTracer(tracer); // flush the last spans before the process exits
}
