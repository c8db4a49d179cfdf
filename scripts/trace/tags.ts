// Which tags a waterfall line shows: the few standard ones that tell the story (kind,
// status, who was called, which topic), then everything the app added itself.
import type { ApiKeyValue, ApiSpan } from './jaeger-api';

const KEY_TAGS = ['span.kind', 'http.status_code', 'peer.service', 'message_bus.destination'];

// Dotted tags that are not business data: the rest of the OpenTracing conventions,
// jaeger-client's and the collector's own, and where a consumed message sat in Kafka
// (kafka.offset and friends, on every consumer span: noise on a slide).
const NOT_BUSINESS = /^(span|http|peer|message_bus|db|sampling|sampler|jaeger|internal|kafka)\./;

const isBusiness = (key: string) => key.includes('.') && !NOT_BUSINESS.test(key);

export const tagValue = (tags: ApiKeyValue[] | null | undefined, key: string): unknown =>
  tags?.find((t) => t.key === key)?.value;

export const isError = (span: ApiSpan): boolean => {
  const value = tagValue(span.tags, 'error');
  return value === true || value === 'true';
};

/** The message of the span's `error` log event, when it has one. */
export function errorMessage(span: ApiSpan): string | undefined {
  for (const log of span.logs ?? []) {
    if (tagValue(log.fields, 'event') !== 'error') continue;
    const message = tagValue(log.fields, 'message') ?? tagValue(log.fields, 'error.object');
    if (message !== undefined) return String(message).split('\n')[0]!.trim();
  }
  return undefined;
}

/** `key=value` for the key tags in a fixed order, then baggage.* and business tags by name. */
export function shownTags(span: ApiSpan): string[] {
  const tags = span.tags ?? [];
  const keys = [
    ...KEY_TAGS.filter((key) => tagValue(tags, key) !== undefined),
    ...tags.map((t) => t.key).filter(isBusiness).sort(),
  ];
  // One line each, whatever the value holds.
  return [...new Set(keys)].map((key) => `${key}=${String(tagValue(tags, key)).replace(/\s+/g, ' ')}`);
}
