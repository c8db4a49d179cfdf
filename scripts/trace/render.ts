// renderTrace: one Jaeger trace (as /api/traces returns it) as terminal lines. Pure, so
// tests feed it recorded API answers; the CLI only adds fetching and the TTY checks.
import type { ApiTrace } from './jaeger-api';
import { PALETTE, bar, end, middle, ms, painter } from './format';
import { waterfall } from './tree';
import { errorMessage, isError, shownTags } from './tags';

export interface RenderOptions {
  /** The widest a line may be; tags that do not fit go on the next line. */
  width?: number;
  /** ANSI colours (the CLI: when stdout is a TTY and NO_COLOR is unset). */
  color?: boolean;
}

const BAR = 30;
const MARK = { CHILD_OF: '↳ ', FOLLOWS_FROM: '⇢ ' } as const;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const widest = (texts: string[]) => Math.max(...texts.map((t) => t.length));

export function renderTrace(trace: ApiTrace, { width = 120, color = false }: RenderOptions = {}): string[] {
  const paint = painter(color);
  if (!trace.spans.length) return [paint(`trace ${trace.traceID}  0 spans`, 1)];
  const service = (s: { processID: string }) => trace.processes[s.processID]?.serviceName ?? '?';
  const rows = waterfall(trace.spans, service);
  const t0 = Math.min(...trace.spans.map((s) => s.startTime));
  const total = Math.max(1, ...trace.spans.map((s) => s.startTime + s.duration - t0));
  const services = [...new Set(rows.map((r) => service(r.span)))];
  const cells = rows.map((r) => ({
    ...r,
    tree: '  '.repeat(r.depth) + (r.refType ? MARK[r.refType] : ''),
    offset: `+${ms(r.span.startTime - t0)} ms`,
    duration: `${ms(r.span.duration)} ms`,
  }));
  const offW = widest(cells.map((c) => c.offset));
  const durW = widest(cells.map((c) => c.duration));
  // What the names and the bar need. When that is wider than the line, operation names
  // give way first (keeping 14 characters), then service names, then the bar.
  let [svcW, opW, barW] = [Math.min(24, widest(services)), widest(cells.map((c) => c.tree + c.span.operationName)), BAR];
  const cut = (w: number, min: number) => w - Math.max(0, Math.min(svcW + opW + barW + offW + durW + 11 - width, w - min));
  opW = cut(opW, widest(cells.map((c) => c.tree)) + 14);
  svcW = cut(svcW, 10);
  barW = cut(barW, 12);
  opW = cut(opW, 12);

  const header = `trace ${trace.traceID}  ${plural(rows.length, 'span')}  ${plural(services.length, 'service')}  ${ms(total)} ms`;
  const started = `  started ${new Date(t0 / 1000).toISOString()}`; // only when it fits
  const lines = [paint(end(header + (header.length + started.length <= width ? started : ''), width), 1)];
  for (const c of cells) {
    const error = isError(c.span);
    const hue = error ? 31 : PALETTE[services.indexOf(service(c.span)) % PALETTE.length]!;
    const tree = c.tree.length < opW - 3 ? c.tree : c.tree.trimStart(); // too deep to indent: the mark alone
    const op = middle(c.span.operationName, opW - tree.length).padEnd(opW - tree.length);
    let line = [
      error ? paint('✖', 1, 31) : ' ',
      paint(end(service(c.span), svcW).padEnd(svcW), hue),
      tree + paint(op, ...(error ? [1, 31] : [])),
      c.offset.padStart(offW),
      c.duration.padStart(durW),
      paint(bar(c.span.startTime - t0, c.span.duration, total, barW), hue),
    ].join('  ');
    let used = 1 + 2 + svcW + 2 + opW + 2 + offW + 2 + durW + 2 + barW;
    const notes = [
      ...(c.refType === 'FOLLOWS_FROM' ? ['follows from'] : []),
      ...(c.missing ? [`parent ${c.missing} not in trace`] : []),
      ...(error ? [`error: ${errorMessage(c.span) ?? 'true'}`] : []),
      ...shownTags(c.span),
    ];
    // Notes and tags go on the line if they all fit, else on their own lines below it,
    // under the operation name: the bars stay one clean column.
    const indent = Math.min(width - 40, 1 + 2 + svcW + 2 + tree.length + 2) - 2;
    if (used + notes.reduce((n, note) => n + 2 + note.length, 0) > width) [used, line] = [indent, `${line}\n${' '.repeat(indent)}`];
    for (const note of notes) {
      if (used + 2 + note.length > width && used > indent) [used, line] = [indent, `${line}\n${' '.repeat(indent)}`];
      const text = end(note, width - used - 2);
      line += '  ' + paint(text, note.startsWith('error: ') ? 31 : 2);
      used += 2 + text.length;
    }
    lines.push(...line.split('\n'));
  }
  return lines;
}
