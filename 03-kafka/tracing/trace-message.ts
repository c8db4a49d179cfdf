// The consumer side of the trace context. kafkajs hands header values over as Buffers and
// jaeger-client's extract needs strings. The producer did not wait for us, so the consumer
// span FOLLOWS_FROM the producer's span instead of being its child.
import type { KafkaMessage } from 'kafkajs';
import { followsFrom, FORMAT_TEXT_MAP, Tags, type Tracer } from 'opentracing';
import { withSpan } from '../../lib/context';
import { recordError } from '../../lib/tracing';

export function traceMessage(tracer: Tracer, group: string) {
  return async (topic: string, partition: number, message: KafkaMessage, fn: () => Promise<Error | void>) => {
    const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([key, value]) => [key, String(value)]));
    const producer = tracer.extract(FORMAT_TEXT_MAP, headers);
    const span = tracer.startSpan(`From_${topic}`, {
      references: producer?.toTraceId() ? [followsFrom(producer)] : [], // no headers: a new trace
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
