// The demo's burst (../burst.ts): N greetings through the command API, then what happened.
//   npm run 03:tracing:producer -- 12
import axios from 'axios';
import { createLogger } from '../../lib/logger';
import { closeTracer, initTracer } from '../../lib/tracer';
import { traceAxios } from '../../lib/tracing';
import { burst, COMMAND_API } from '../burst';
import { sendGreeting } from './send-greeting';

const log = createLogger('producer');
const tracer = initTracer('producer', log);
const http = traceAxios(axios.create({ baseURL: COMMAND_API, timeout: 5000 }), tracer, 'command-api');

process.exitCode = await burst(log, process.argv[2], (name, lang) => sendGreeting(http, log, tracer, name, lang));
await closeTracer(tracer); // flush the last spans before the process exits
