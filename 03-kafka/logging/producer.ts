// The demo's burst (../burst.ts): N greetings through the command API, then what happened.
//   npm run 03:logging:producer -- 12
import axios from 'axios';
import { createLogger } from '../../lib/logger';
import { burst, COMMAND_API } from '../burst';
import { sendGreeting } from './send-greeting';

const log = createLogger('producer');
const http = axios.create({ baseURL: COMMAND_API, timeout: 5000 });

process.exitCode = await burst(log, process.argv[2], (name, lang) => sendGreeting(http, log, name, lang));
