import assert from 'node:assert/strict';
// Start an express app on a free loopback port for the length of a test.
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export async function listen(app: Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A clean rejection: the status, and a JSON body of exactly { error, traceId }. */
export async function assertRejected(res: Response, status: number, error: RegExp, variant: 'logging' | 'tracing'): Promise<void> {
  assert.equal(res.status, status);
  const body = (await res.json()) as { error: string; traceId: string | null };
  assert.deepEqual(Object.keys(body), ['error', 'traceId']);
  assert.match(body.error, error);
  // The trace id lets a user's bug report find the trace; the logging variant has none.
  if (variant === 'tracing') assert.match(String(body.traceId), /^[0-9a-f]{16}$/);
  else assert.equal(body.traceId, null);
}
