// Turns an axios failure into one line a person can act on.
import { isAxiosError } from 'axios';
import { HttpError } from './http';

export function describeHttpError(err: unknown, service: string, baseURL: string): string {
  if (!isAxiosError(err)) return `${service} call failed: ${(err as Error).message}`;
  if (err.response) {
    const body = err.response.data as { error?: string; traceId?: string | null } | undefined;
    const trace = body?.traceId ? ` (trace ${body.traceId})` : '';
    return `${service} answered ${err.response.status}: ${body?.error ?? err.message}${trace}`;
  }
  if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT') return `${service} did not answer in time at ${baseURL}`;
  return `${service} is not reachable at ${baseURL} (${err.code ?? err.message}): is it running?`;
}

/**
 * What a service answers its caller when a downstream call failed: the downstream's
 * 4xx is the caller's bad input (400); its failure or absence is a 502, a timeout a 504.
 */
export function upstreamError(err: unknown, service: string): HttpError {
  if (isAxiosError(err) && err.response) {
    const message = (err.response.data as { error?: string } | undefined)?.error ?? err.message;
    return err.response.status < 500 ? new HttpError(400, message) : new HttpError(502, `${service} failed: ${message}`);
  }
  if (isAxiosError(err) && (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT')) {
    return new HttpError(504, `${service} did not answer in time`);
  }
  return new HttpError(502, `${service} is not reachable (${isAxiosError(err) ? (err.code ?? err.message) : String(err)})`);
}
