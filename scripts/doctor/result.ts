// What every doctor check returns, and the small probes they share (HTTP with a timeout, TCP).
import { connect } from 'node:net';

export type Status = 'pass' | 'warn' | 'fail';

export interface Result {
  status: Status;
  /** What was checked, short: "port 3000", "Kafka". */
  label: string;
  /** What was found. */
  detail: string;
  /** How to fix it: the exact command, for warnings and failures. */
  fix?: string;
}

export const pass = (label: string, detail: string): Result => ({ status: 'pass', label, detail });
export const warn = (label: string, detail: string, fix?: string): Result => ({ status: 'warn', label, detail, fix });
export const fail = (label: string, detail: string, fix?: string): Result => ({ status: 'fail', label, detail, fix });

/** The useful part of an error: fetch hides ECONNREFUSED and friends in its cause. */
export function reason(err: unknown): string {
  const { cause, message, name } = err as Error & { cause?: { code?: string; message?: string } };
  if (name === 'TimeoutError') return 'no answer within 3 s';
  // fetch refuses a few well-known ports (1, 7, 9, ...) before connecting.
  if (cause?.message === 'bad port') return 'a port fetch refuses to use';
  return cause?.code ?? cause?.message ?? message;
}

/** GET url with a short timeout; throws on connection errors, returns status and body otherwise. */
export async function get(url: string, ms = 3000): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(ms) });
  return { status: res.status, body: await res.text() };
}

/** GET url and parse JSON; undefined for a body that is not JSON. */
export async function getJson<T>(url: string, ms = 3000): Promise<{ status: number; json: T | undefined }> {
  const { status, body } = await get(url, ms);
  try {
    return { status, json: JSON.parse(body) as T };
  } catch {
    return { status, json: undefined };
  }
}

/** Whether something accepts TCP connections there. */
export const listening = (port: number, host = '127.0.0.1', ms = 3000) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ port, host, timeout: ms }, () => resolve(socket.end() && true))
      .on('timeout', () => resolve(socket.destroy() && false))
      .on('error', () => resolve(false));
  });
