// hello-client: greets a few names (default Ada, Grace, Linus), then exits.
import axios from 'axios';
import { envUrl } from '../../lib/env';
import { describeHttpError } from '../../lib/http-client';
import { createLogger } from '../../lib/logger';
import { sayHello } from './say-hello';

const log = createLogger('hello-client');
const baseURL = envUrl('HELLO_SERVER_URL', 'http://127.0.0.1:3000');
const http = axios.create({ baseURL, timeout: 5000 });
const names = process.argv.slice(2).length ? process.argv.slice(2) : ['Ada', 'Grace', 'Linus'];

try {
  for (const name of names) await sayHello(http, log, name);
} catch (err) {
  log.error(describeHttpError(err, 'hello-server', baseURL));
  process.exitCode = 1;
}
