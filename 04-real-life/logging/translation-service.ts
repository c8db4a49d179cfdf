// Starts translation-service (port 3012) and stops it cleanly on Ctrl-C.
import { envPort } from '../../lib/env';
import { startServer } from '../../lib/http';
import { createLogger } from '../../lib/logger';
import { closeServer, onShutdown } from '../../lib/shutdown';
import { createTranslationApp } from './translation-app';

const log = createLogger('translation-service');

const server = startServer(createTranslationApp(log), 'translation-service', envPort('TRANSLATIONS_PORT', 3012), log);
onShutdown(log, () => closeServer(server));
