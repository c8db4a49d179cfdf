// Starts customer-service (port 3011) and stops it cleanly on Ctrl-C.
import { envPort } from '../../lib/env';
import { startServer } from '../../lib/http';
import { createLogger } from '../../lib/logger';
import { closeServer, onShutdown } from '../../lib/shutdown';
import { closeTracer, initTracer } from '../../lib/tracer';
import { remoteSampler } from '../sampling';
import { createCustomerApp } from './customer-app';

const log = createLogger('customer-service');
const tracer = initTracer('customer-service', log, { sampler: remoteSampler() });

const server = startServer(createCustomerApp(log, tracer), 'customer-service', envPort('CUSTOMERS_PORT', 3011), log);
onShutdown(log, () => closeServer(server), () => closeTracer(tracer));
