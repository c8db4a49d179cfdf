// jaeger-client tracer from the standard JAEGER_* env variables, with demo-friendly defaults.
// TRACING_SDK=opentelemetry: the OpenTelemetry SDK behind the same OpenTracing API instead
// (lib/opentelemetry.ts); the steps do not change.
import { createRequire } from 'node:module';
import jaeger, { type JaegerTracer, type TracingConfig, type TracingOptions } from 'jaeger-client';
import { envChoice, envMs, envNumber, envPort, envUrl } from './env';
import type { Logger } from './logger';
import type { OpenTelemetrySettings } from './opentelemetry';

// Loaded only when chosen: a jaeger-client process does not pay for the OpenTelemetry SDK's start-up.
const openTelemetry = () => createRequire(import.meta.url)('./opentelemetry') as typeof import('./opentelemetry');

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

/**
 * jaeger-client reads these itself and, given a bad value, quietly reports nothing (a bogus
 * sampler type samples no span): check them first, one line each (lib/env.ts).
 */
function checkJaegerEnv(): void {
  envChoice('JAEGER_SAMPLER_TYPE', 'const', ['const', 'probabilistic', 'ratelimiting', 'remote']);
  envNumber('JAEGER_SAMPLER_PARAM', 1, { min: 0 });
  envPort('JAEGER_AGENT_PORT', 6832);
  envUrl('JAEGER_ENDPOINT', '');
  envMs('JAEGER_REPORTER_FLUSH_INTERVAL', 1000);
  envMs('JAEGER_SAMPLER_REFRESH_INTERVAL', 60_000);
  envChoice('JAEGER_REPORTER_LOG_SPANS', 'true', ['true', 'false']);
  envChoice('JAEGER_DISABLED', 'false', ['true', 'false']);
}

/**
 * The tracer of one process. config overrides what the environment says (step 04 passes
 * its remote sampler); options are jaeger-client's (tests pass an in-memory reporter).
 */
export function initTracer(serviceName: string, logger: Logger, config: Partial<TracingConfig> = {}, options: TracingOptions = {}): JaegerTracer {
  checkJaegerEnv();
  if (envChoice('TRACING_SDK', 'jaeger', ['jaeger', 'opentelemetry']) === 'opentelemetry') {
    // OpenTracing's API and close(callback), all the steps and closeTracer use (no registerInjector/Extractor);
    // jaeger-client's options (a reporter) do not apply there.
    return openTelemetry().initOpenTelemetryTracer(serviceName, logger, openTelemetrySettings(config)) as unknown as JaegerTracer;
  }
  const said = new Set<string>();
  // Sender and sampler errors repeat every second while Jaeger is down: say each kind once.
  const once = (kind: string, line: string) => {
    if (!said.has(kind)) logger.warn(line);
    said.add(kind);
  };
  return jaeger.initTracerFromEnv({ ...tracerConfig(serviceName), ...config }, {
    logger: {
      info: (msg) => logger.info(msg),
      error: (msg) =>
        /sampling strategy|updating sampler/.test(msg)
          ? // Behind an agent an app cannot see its spans dropped: a strategy that cannot come is the sign.
            once('sampler', `tracing: ${msg} (the Jaeger agent or collector is away: spans may be lost until it is back; sampling stays as it was and the app goes on)`)
          : once('sender', `tracing: ${msg} (spans are dropped; the app goes on)`),
    },
    ...options,
  });
}

/** OTLP over HTTP: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
export function otlpTracesUrl(): string {
  // 127.0.0.1, not localhost: compose and infra/local publish Jaeger on IPv4 loopback.
  const traces = envUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', '');
  return traces || `${envUrl('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:4318').replace(/\/+$/, '')}/v1/traces`;
}

/**
 * TRACING_SDK=opentelemetry: the same JAEGER_* variables where they map (sampler, flush interval,
 * span logging, disabled), the OTLP endpoint instead of the agent, and OTEL_FOLLOWS_FROM
 * (child or link, see lib/opentelemetry.ts). The export timeout is 2 s here, not
 * OpenTelemetry's 10: a CLI waits that long at exit when Jaeger is away.
 */
export function openTelemetrySettings(config: Partial<TracingConfig> = {}): OpenTelemetrySettings {
  const disabled = config.disable ?? envChoice('JAEGER_DISABLED', 'false', ['true', 'false']) === 'true';
  const sampler = config.sampler ?? {
    type: envChoice('JAEGER_SAMPLER_TYPE', 'const', ['const', 'probabilistic', 'ratelimiting', 'remote']),
    param: envNumber('JAEGER_SAMPLER_PARAM', 1, { min: 0 }),
  };
  return {
    url: otlpTracesUrl(),
    timeoutMillis: envMs('OTEL_EXPORTER_OTLP_TIMEOUT', 2000),
    flushIntervalMs: envMs('JAEGER_REPORTER_FLUSH_INTERVAL', 1000),
    logSpans: envChoice('JAEGER_REPORTER_LOG_SPANS', 'true', ['true', 'false']) === 'true',
    followsFrom: envChoice('OTEL_FOLLOWS_FROM', 'child', ['child', 'link']),
    sampler: disabled ? 'disabled' : sampler,
  };
}

/** Flush buffered spans and stop the reporter. */
export function closeTracer(tracer: JaegerTracer): Promise<void> {
  return new Promise((resolve) => tracer.close(() => resolve()));
}
