// Starts customer-service (port 3011) and stops it cleanly on Ctrl-C.
import { envPort } from '../../lib/env';
import { startServer } from '../../lib/http';
import { createLogger } from '../../lib/logger';
import { closeServer, onShutdown } from '../../lib/shutdown';
import { createCustomerApp } from './customer-app';

const log = createLogger('customer-service');

const server = startServer(createCustomerApp(log), 'customer-service', envPort('CUSTOMERS_PORT', 3011), log);
onShutdown(log, () => closeServer(server));
