// Turns an axios failure into one line a person can act on.
import { isAxiosError } from 'axios';

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
