// A loopback stand-in for Logstash's http input (which cannot run here): it answers 200 "ok"
// like the real input and keeps every JSON body it receives, exactly as sent.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function logstashReceiver() {
  const bodies: { contentType: string; body: unknown }[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      bodies.push({ contentType: req.headers['content-type'] ?? '', body: JSON.parse(raw) });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    /** Every event, as the json codec splits arrays: one per element. */
    events: () => bodies.flatMap(({ body }) => (Array.isArray(body) ? body : [body])) as Record<string, unknown>[],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
