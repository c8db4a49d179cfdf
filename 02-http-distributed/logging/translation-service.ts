// Starts translation-service and stops it cleanly on Ctrl-C.
import { envPort } from '../../lib/env';
import { startServer } from '../../lib/http';
import { createLogger } from '../../lib/logger';
import { closeServer, onShutdown } from '../../lib/shutdown';
import { createTranslationApp } from './translation-app';

const log = createLogger('translation-service');

const app = createTranslationApp(log);
const server = startServer(app, 'translation-service', envPort('TRANSLATION_SERVICE_PORT', 3002), log);
onShutdown(log, () => closeServer(server));
