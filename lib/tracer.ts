// jaeger-client tracer from the standard JAEGER_* env variables, with demo-friendly defaults.
import jaeger, { type JaegerTracer, type TracingConfig, type TracingOptions } from 'jaeger-client';
import './env';
import type { Logger } from './logger';

export type { JaegerTracer };

export function tracerConfig(serviceName: string, env = process.env): TracingConfig {
  return {
    serviceName,
    // jaeger-client's own default samples ~0.1% of traces: the demo would look broken.
    sampler: env.JAEGER_SAMPLER_TYPE ? undefined : { type: 'const', param: 1 },
    reporter: {
      // 127.0.0.1, not localhost: compose publishes the agent's UDP port on IPv4 loopback.
      ...(env.JAEGER_AGENT_HOST || env.JAEGER_ENDPOINT ? {} : { agentHost: '127.0.0.1' }),
      // Print each finished span on the console unless told otherwise
      // (parsed here: jaeger-client reads the string "false" as true).
      logSpans: (env.JAEGER_REPORTER_LOG_SPANS ?? 'true').toLowerCase() !== 'false',
    },
  };
}

export function initTracer(serviceName: string, logger: Logger, options: TracingOptions = {}): JaegerTracer {
  let warned = false;
  const tracer = jaeger.initTracerFromEnv(tracerConfig(serviceName), {
    logger: {
      info: (msg) => logger.info(msg),
      // Sender errors repeat on every flush while Jaeger is down: say it once.
      error: (msg) => {
        if (!warned) logger.warn(`tracing: ${msg} (spans are dropped; the app goes on)`);
        warned = true;
      },
    },
    ...options,
  });
  return tracer;
}

/** Flush buffered spans and stop the reporter. */
export function closeTracer(tracer: JaegerTracer): Promise<void> {
  return new Promise((resolve) => tracer.close(() => resolve()));
}
