// Decodes what the Jaeger collector writes to Kafka with --kafka.producer.encoding=json:
// model.Span (model/proto/model.proto) through gogo's jsonpb with its default options
// (plugin/storage/kafka/marshaller.go). Those defaults shape the message:
// - camelCase names, and zero values left out: a CHILD_OF reference has no refType, a
//   string tag no vType, `error=false` no vBool;
// - ids are their big-endian bytes in base64 (model/ids.go), always 16 bytes for a trace;
// - int64 values are strings ("202"), durations are google.protobuf.Duration ("0.012500s").
// test/fixtures/jaeger-spans/ holds messages made by Jaeger's own writer.

export type RefType = 'CHILD_OF' | 'FOLLOWS_FROM';
export type TagValue = string | number | boolean;

export interface SpanRef {
  refType: RefType;
  traceId: string;
  spanId: string;
}

export interface Span {
  /** Hex, as Jaeger's UI shows it: 16 digits for a 64-bit trace id, 32 for a 128-bit one. */
  traceId: string;
  /** Hex, 16 digits. */
  spanId: string;
  operationName: string;
  service: string;
  startTime: Date;
  durationMicros: number;
  references: SpanRef[];
  tags: Record<string, TagValue>;
}

/** A message that is not a span in Jaeger's JSON encoding (protobuf, or something else). */
export class NotASpan extends Error {}

// What jsonpb writes; everything is optional because zero values are left out.
interface JsonSpan {
  traceId?: string;
  spanId?: string;
  operationName?: string;
  references?: { traceId?: string; spanId?: string; refType?: string }[];
  startTime?: string;
  duration?: string;
  tags?: JsonTag[];
  process?: { serviceName?: string };
}

interface JsonTag {
  key?: string;
  vType?: string;
  vStr?: string;
  vBool?: boolean;
  vInt64?: string | number;
  vFloat64?: number | string;
  vBinary?: string;
}

export function decodeSpan(value: Buffer | string | null): Span {
  let json: JsonSpan;
  try {
    json = JSON.parse(String(value ?? '')) as JsonSpan;
  } catch {
    throw new NotASpan('not JSON');
  }
  if (typeof json !== 'object' || json === null || !json.traceId || !json.spanId) throw new NotASpan('no traceId or spanId');
  return {
    traceId: traceIdHex(json.traceId),
    spanId: spanIdHex(json.spanId),
    operationName: json.operationName ?? '',
    // The collector's sanitizer already names these two cases; we use its names.
    service: json.process ? json.process.serviceName || 'empty-service-name' : 'null-process-and-service-name',
    startTime: new Date(json.startTime ?? 0),
    durationMicros: durationMicros(json.duration ?? '0s'),
    references: (json.references ?? []).map((ref) => ({
      refType: ref.refType === 'FOLLOWS_FROM' ? 'FOLLOWS_FROM' : 'CHILD_OF', // CHILD_OF is the enum's zero
      traceId: traceIdHex(ref.traceId ?? ''),
      spanId: spanIdHex(ref.spanId ?? ''),
    })),
    tags: Object.fromEntries((json.tags ?? []).map((tag) => [tag.key ?? '', tagValue(tag)])),
  };
}

/** Like Jaeger's TraceID.String(): the low 64 bits alone when the high ones are zero. */
function traceIdHex(base64: string): string {
  const hex = bytesHex(base64, 16, 'traceId');
  return hex.startsWith('0000000000000000') ? hex.slice(16) : hex;
}

const spanIdHex = (base64: string) => bytesHex(base64, 8, 'spanId');

// Never through a JS number: 64-bit ids do not fit in one.
function bytesHex(base64: string, length: number, what: string): string {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length !== length) throw new NotASpan(`${what} "${base64}" is not ${length} bytes of base64`);
  return bytes.toString('hex');
}

/** "0.012500s", "3600s", "-0.5s" -> microseconds. */
export function durationMicros(duration: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,9}))?s$/.exec(duration);
  if (!match) throw new NotASpan(`duration "${duration}" is not a protobuf Duration`);
  const [, sign, seconds = '0', fraction = ''] = match;
  const micros = Number(seconds) * 1e6 + Number(fraction.padEnd(9, '0')) / 1000;
  return sign ? -micros : micros;
}

function tagValue(tag: JsonTag): TagValue {
  switch (tag.vType) {
    case 'BOOL':
      return tag.vBool ?? false;
    case 'INT64': {
      // A number when it is exact, else the digits as they came.
      const value = Number(tag.vInt64 ?? 0);
      return Number.isSafeInteger(value) ? value : String(tag.vInt64);
    }
    case 'FLOAT64':
      return Number(tag.vFloat64 ?? 0); // jsonpb writes NaN and Infinity as strings
    case 'BINARY':
      return tag.vBinary ?? ''; // left in base64
    default:
      return tag.vStr ?? '';
  }
}

/** Errors as Jaeger's UI counts them: the tag error=true, as a boolean or a string. */
export const isError = (span: Span) => span.tags.error === true || span.tags.error === 'true';
