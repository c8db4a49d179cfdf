// Starts hello-server and stops it cleanly on Ctrl-C.
import { envPort } from '../../lib/env';
import { startServer } from '../../lib/http';
import { createLogger } from '../../lib/logger';
import { closeServer, onShutdown } from '../../lib/shutdown';
import { createApp } from './app';

const log = createLogger('hello-server');

const server = startServer(createApp(log), 'hello-server', envPort('HELLO_SERVER_PORT', 3000), log);
onShutdown(log, () => closeServer(server));
