// Starts hello-service and stops it cleanly on Ctrl-C.
import axios from 'axios';
import { envMs, envPort, envUrl } from '../../lib/env';
import { startServer } from '../../lib/http';
import { createLogger } from '../../lib/logger';
import { closeServer, onShutdown } from '../../lib/shutdown';
import { closeTracer, initTracer } from '../../lib/tracer';
import { traceAxios } from '../../lib/tracing';
import { createHelloApp } from './hello-app';

const log = createLogger('hello-service');
const tracer = initTracer('hello-service', log);
const translations = axios.create({
  baseURL: envUrl('TRANSLATION_SERVICE_URL', 'http://127.0.0.1:3002'),
  timeout: envMs('TRANSLATION_TIMEOUT_MS', 2000),
});
traceAxios(translations, tracer, 'translation-service');

const app = createHelloApp(log, tracer, translations);
const server = startServer(app, 'hello-service', envPort('HELLO_SERVICE_PORT', 3001), log);
onShutdown(log, () => closeServer(server), () => closeTracer(tracer));
