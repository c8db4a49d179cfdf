// Start an express app on a free loopback port for the length of a test.
import assert from 'node:assert/strict';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after } from 'node:test';

// A test that fails before its close() would leave its server listening, and node --test
// waits for the file's process to exit: the whole run hangs. Close what is left at the end.
const open = new Set<Server>();
after(() => {
  for (const server of open) {
    server.closeAllConnections();
    server.close();
  }
});

export async function listen(app: Express): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  open.add(server);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => {
      open.delete(server);
      return new Promise((resolve) => server.close(() => resolve()));
    },
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
