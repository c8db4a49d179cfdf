// The tables the presenter shows: aligned columns, numbers on the right, nothing wider
// than it needs to be (a slide has no horizontal scroll).
import type { Link, OperationStats } from './stats';

/** Left-aligned text columns, right-aligned number columns, two spaces between them. */
export function table(header: string[], rows: string[][], right: boolean[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (right[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [header, ...rows].map(line).join('\n');
}

/** Milliseconds with about three significant digits: 0.25, 3.20, 12.5, 250. */
export function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function operationsTable(stats: OperationStats[]): string {
  return table(
    ['service', 'operation', 'calls', 'errors', 'p50 ms', 'p95 ms', 'p99 ms'],
    stats.map((s) => [s.service, s.operation, String(s.calls), String(s.errors), ms(s.p50), ms(s.p95), ms(s.p99)]),
    [false, false, true, true, true, true, true],
  );
}

export function linksTable(links: Link[]): string {
  return table(
    ['parent -> child', 'calls', 'via'],
    links.map((l) => [`${l.parent} -> ${l.child}`, String(l.calls), l.via]),
    [false, true, false],
  );
}

export interface Summary {
  topic: string;
  spans: number;
  traces: number;
  stats: OperationStats[];
  links: Link[];
  unknownReferences: number;
  notSpans: { count: number; first: string };
}

/** Everything analytics prints for one pass over the topic. */
export function report(s: Summary): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [`${s.topic}: ${plural(s.spans, 'span')} in ${plural(s.traces, 'trace')}`, operationsTable(s.stats)];
  parts.push(s.links.length ? linksTable(s.links) : 'no calls between services yet');
  const notes = [];
  if (s.unknownReferences) {
    const never = s.unknownReferences === 1 ? 'a span' : 'spans';
    notes.push(`${plural(s.unknownReferences, 'reference')} to ${never} never seen (not sampled, not flushed yet, or gone from the topic): ignored`);
  }
  if (s.notSpans.count) {
    notes.push(`${plural(s.notSpans.count, 'message')} not in Jaeger's JSON span encoding (${s.notSpans.first}): skipped`);
  }
  if (notes.length) parts.push(notes.join('\n'));
  return parts.join('\n\n');
}
