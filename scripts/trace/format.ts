// Small text helpers for the waterfall: milliseconds, the duration bar, truncation, colour.

/** Microseconds as milliseconds: whole when whole (jaeger-client's clock ticks in ms). */
export const ms = (us: number): string => (us % 1000 === 0 ? String(us / 1000) : (us / 1000).toFixed(1));

/** A fixed-width bar with the span's part of the trace filled in, at its offset. */
export function bar(offset: number, duration: number, total: number, width: number): string {
  const from = Math.min(width - 1, Math.floor((offset / total) * width));
  const to = Math.max(from + 1, Math.min(width, Math.round(((offset + duration) / total) * width)));
  return '·'.repeat(from) + '█'.repeat(to - from) + '·'.repeat(width - to);
}

/** Shortened in the middle, where a route or a topic name loses the least. */
export function middle(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  const head = Math.ceil((width - 1) / 2);
  return text.slice(0, head) + '…' + text.slice(text.length - (width - 1 - head));
}

export const end = (text: string, width: number): string =>
  text.length <= width ? text : text.slice(0, Math.max(0, width - 1)) + '…';

export type Paint = (text: string, ...codes: number[]) => string;

/** ANSI SGR codes, or nothing at all when colour is off. */
export const painter = (color: boolean): Paint => (text, ...codes) =>
  color && codes.length && text ? `\u001b[${codes.join(';')}m${text}\u001b[0m` : text;

// Service colours in order of appearance, as the Jaeger UI does; red is kept for errors.
export const PALETTE = [36, 33, 35, 34, 32, 96, 93, 95, 94, 92];
