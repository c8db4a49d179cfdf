// Step 04 samples centrally: each process asks the Jaeger agent (port 5778) which share of
// traces to keep, per operation, as the collector's strategies file says
// (jaeger/sampling-strategies.json). Edit the file and every service follows within seconds.
import type { TracingConfig } from 'jaeger-client';
import { envMs, envString } from '../lib/env';

export const remoteSampler = (): TracingConfig['sampler'] => ({
  type: 'remote',
  param: 1, // until the first strategy arrives, keep every trace
  hostPort: envString('JAEGER_SAMPLER_MANAGER_HOST_PORT', '127.0.0.1:5778'),
  refreshIntervalMs: envMs('JAEGER_SAMPLER_REFRESH_INTERVAL', 1000), // jaeger-client's default: a minute
});
