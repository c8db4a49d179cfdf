// Trace context through Kafka message headers (OpenTracing's TEXT_MAP format).
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { followsFrom, FORMAT_TEXT_MAP, Tags, type Span, type SpanContext, type SpanOptions, type Tracer } from 'opentracing';
import { withSpan } from './context';
import { recordError } from './tracing';

/** The span's context as message headers: { 'uber-trace-id': '...' }. */
export function injectHeaders(tracer: Tracer, span: Span): Record<string, string> {
  const headers: Record<string, string> = {};
  tracer.inject(span, FORMAT_TEXT_MAP, headers);
  return headers;
}

/** kafkajs hands header values over as Buffers; jaeger-client's extract needs strings. */
export function headersAsStrings(headers: IHeaders = {}): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) strings[key] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return strings;
}

/** The producer's context, or null when the message carries none (jaeger-client then returns an empty one). */
export function extractHeaders(tracer: Tracer, headers?: IHeaders): SpanContext | null {
  const context = tracer.extract(FORMAT_TEXT_MAP, headersAsStrings(headers));
  return context?.toTraceId() ? context : null;
}

/** Tags of a producer span (name it To_<topic>). */
export function producerTags(topic: string): SpanOptions {
  return {
    tags: {
      [Tags.SPAN_KIND]: Tags.SPAN_KIND_MESSAGING_PRODUCER,
      [Tags.COMPONENT]: 'kafkajs',
      [Tags.MESSAGE_BUS_DESTINATION]: topic,
      [Tags.PEER_SERVICE]: 'kafka',
    },
  };
}

/**
 * Runs fn inside a consumer span From_<topic>. The producer did not wait for us, so the
 * span FOLLOWS_FROM the producer's context instead of being its child.
 */
export function traceMessages(tracer: Tracer, group: string) {
  return async (topic: string, partition: number, message: KafkaMessage, fn: () => Promise<Error | void>): Promise<void> => {
    const producer = extractHeaders(tracer, message.headers);
    const span = tracer.startSpan(`From_${topic}`, {
      references: producer ? [followsFrom(producer)] : [],
      tags: {
        [Tags.SPAN_KIND]: Tags.SPAN_KIND_MESSAGING_CONSUMER,
        [Tags.COMPONENT]: 'kafkajs',
        [Tags.MESSAGE_BUS_DESTINATION]: topic,
        'kafka.partition': partition,
        'kafka.offset': Number(message.offset),
        'kafka.consumer_group': group,
      },
    });
    try {
      const deadLettered = await withSpan(span, fn);
      if (deadLettered) recordError(span, deadLettered);
    } catch (err) {
      recordError(span, err);
      throw err;
    } finally {
      span.finish();
    }
  };
}
