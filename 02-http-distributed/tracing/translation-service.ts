// Starts translation-service and stops it cleanly on Ctrl-C.
import { envPort } from '../../lib/env';
import { startServer } from '../../lib/http';
import { createLogger } from '../../lib/logger';
import { closeServer, onShutdown } from '../../lib/shutdown';
import { closeTracer, initTracer } from '../../lib/tracer';
import { createTranslationApp } from './translation-app';

const log = createLogger('translation-service');
const tracer = initTracer('translation-service', log);

const app = createTranslationApp(log, tracer);
const server = startServer(app, 'translation-service', envPort('TRANSLATION_SERVICE_PORT', 3002), log);
onShutdown(log, () => closeServer(server), () => closeTracer(tracer));
