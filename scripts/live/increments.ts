// Each step's logging -> tracing change as small, named increments in the seed's order.
// An increment brings some files to their tracing/ version; files that call each other change
// together, so every intermediate state runs. Applying them all gives tracing/ exactly
// (test/live.test.ts). On stage the presenter types the lines that carry the idea (`type`:
// an added line containing one of these is typed) and pastes the rest from the snippets
// generated between them: that is how a step fits its slot (see each step's README).
export interface Increment {
  title: string;
  files: string[];
  type: string[];
}

export interface StepIncrements {
  dir: string;
  /** Minutes of the slot given to typing this step's change. */
  slot: number;
  increments: Increment[];
}

export const STEPS: Record<string, StepIncrements> = {
  '01': {
    dir: '01-http-simple',
    slot: 3,
    increments: [
      {
        title: 'client side: a span per call, its context injected into the request headers',
        files: ['say-hello.ts', 'client.ts'],
        type: ["tracer.startSpan('say-hello'", 'const headers: Record', 'tracer.inject(span, FORMAT_HTTP_HEADERS', 'span.finish();', "initTracer('hello-client'"],
      },
      {
        title: 'server side: extract the context, a child span per request, errors on the span',
        files: ['app.ts', 'server.ts'],
        type: ['tracer.extract(FORMAT_HTTP_HEADERS', 'tracer.startSpan(`${req.method}', 'childOf: parent,', 'span.finish();', 'withSpan(span, next);', "initTracer('hello-server'"],
      },
    ],
  },
  '02': {
    dir: '02-http-distributed',
    slot: 2,
    increments: [
      { title: 'translation-service: the request middleware from lib/tracing.ts', files: ['translation-app.ts', 'translation-service.ts'], type: ['app.use(traceRequests(tracer));', "initTracer('translation-service'"] },
      { title: 'hello-service: server span in, client span out to translation-service', files: ['hello-app.ts', 'translate.ts', 'hello-service.ts'], type: ['app.use(traceRequests(tracer));', 'traceAxios(translations, tracer'] },
      { title: 'hello-client: one root span per greeting', files: ['say-hello.ts', 'client.ts'], type: ["inSpan(tracer, 'say-hello'"] },
    ],
  },
  '03': {
    dir: '03-kafka',
    slot: 5,
    increments: [
      {
        title: 'producer: a To_ span, its context injected into the message headers',
        files: ['command-app.ts', 'command-api.ts'],
        type: ['inSpan(tracer, `To_${EVENTS_TOPIC}`', 'const headers: Record', 'tracer.inject(span, FORMAT_TEXT_MAP', 'append(producer, event, headers)'],
      },
      { title: 'the burst CLI: a trace per command', files: ['send-greeting.ts', 'producer.ts'], type: [] },
      {
        title: 'consumers: Buffers to strings, extract, a From_ span that FOLLOWS_FROM the producer',
        files: ['trace-message.ts', 'projector.ts', 'query-app.ts', 'notifier.ts'],
        type: ['String(value)', 'tracer.extract(FORMAT_TEXT_MAP', 'tracer.startSpan(`From_${topic}`', 'followsFrom(producer)', 'around: traceMessage(tracer'],
      },
    ],
  },
  '04': {
    dir: '04-real-life',
    slot: 4,
    increments: [
      {
        title: 'customer-service and translation-service: remote sampling, business tags',
        files: ['customer-app.ts', 'customer-service.ts', 'translation-app.ts', 'translation-service.ts'],
        type: ['{ sampler: remoteSampler() }'],
      },
      {
        title: 'edge: tags where the value becomes known, and the customer tier as baggage',
        files: ['edge-app.ts', 'lookup-customer.ts', 'edge.ts'],
        type: ["span.setTag('customer.id'", "span.setTag('customer.tier'", "span.setBaggageItem('customer-tier'"],
      },
      {
        title: 'delivery: read the baggage on the far side of Kafka, and act on it',
        files: ['deliver.ts', 'delivery.ts'],
        type: ["span.getBaggageItem('customer-tier')", "span.setTag('baggage.customer-tier'"],
      },
      { title: 'stats: a consumer span per message', files: ['stats-app.ts', 'stats.ts'], type: [] },
      { title: 'the burst client: a trace per order, and the legacy message', files: ['order-greeting.ts', 'send-legacy-order.ts', 'client.ts'], type: [] },
    ],
  },
};
