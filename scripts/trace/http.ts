// One GET with a deadline, for the trace viewer's few calls to Jaeger.
import http from 'node:http';
import https from 'node:https';

/** A GET's status and JSON body. node:http, not fetch: fetch refuses some ports and hides why it failed. */
export function request(url: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https:') ? https : http).get(url, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: parseJson(text) }));
    });
    // One deadline for everything, connecting included (a dropped SYN waits minutes otherwise).
    const timer = setTimeout(() => req.destroy(new Error(`no answer in ${timeoutMs / 1000} s`)), timeoutMs);
    req.on('error', reject).on('close', () => clearTimeout(timer));
    req.on('response', (res) => res.on('end', () => clearTimeout(timer)));
  });
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};
