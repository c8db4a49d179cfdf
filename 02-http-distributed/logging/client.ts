// hello-client: greets name:lang pairs (default Ada:en Grace:es Linus:fr), then exits.
import axios from 'axios';
import { envUrl } from '../../lib/env';
import { describeHttpError } from '../../lib/http-client';
import { createLogger } from '../../lib/logger';
import { sayHello } from './say-hello';

const log = createLogger('hello-client');
const baseURL = envUrl('HELLO_SERVICE_URL', 'http://127.0.0.1:3001');
const http = axios.create({ baseURL, timeout: 5000 });
const args = process.argv.slice(2);
const pairs = (args.length ? args : ['Ada:en', 'Grace:es', 'Linus:fr']).map((arg) => arg.split(':'));

try {
  for (const [name = '', lang = 'en'] of pairs) await sayHello(http, log, name, lang);
} catch (err) {
  log.error(describeHttpError(err, 'hello-service', baseURL));
  process.exitCode = 1;
}
