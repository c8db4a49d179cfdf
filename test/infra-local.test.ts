// infra/local's Elasticsearch root-info shim, against a fake Elasticsearch: it answers GET /
// and HEAD / like the full distribution, and forwards everything else byte for byte.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

type Seen = { method: string; url: string; rawHeaders: string[]; body: Buffer };
type Reply = { status: number; statusMessage: string; rawHeaders: string[]; body: Buffer };

const readBody = (stream: http.IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });

const request = (port: number, method: string, path: string, headers: string[] = [], body?: Buffer) =>
  new Promise<Reply>((resolve, reject) => {
    // An array of headers is sent as is (raw), so it needs its own Host line.
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: ['Host', `127.0.0.1:${port}`, ...headers] }, (res) => {
      readBody(res).then((b) => resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', rawHeaders: res.rawHeaders, body: b }), reject);
    });
    req.on('error', reject);
    req.end(body);
  });

const header = (raw: string[], name: string) => raw[raw.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === name) + 1];

describe('infra/local es-root-shim', () => {
  const seen: Seen[] = [];
  const home = mkdtempSync(join(tmpdir(), 'es-home-'));
  let upstream: http.Server;
  let shim: ChildProcess;
  let port = 0;

  // What the node's own APIs answer (only the fields the shim asks for).
  const nodeApis: Record<string, unknown> = {
    '/_nodes/_local': {
      cluster_name: 'demo',
      nodes: { n1: { name: 'demo-1', version: '8.19.21', build_flavor: 'default', build_type: 'zip', build_hash: 'abc123', settings: { path: { home } } } },
    },
    '/_cluster/state/metadata': { metadata: { cluster_uuid: 'uuid-42' } },
    '/_xpack': { build: { hash: 'abc123', date: '2026-01-02T03:04:05.000Z' } },
  };

  before(async () => {
    mkdirSync(join(home, 'lib'));
    writeFileSync(join(home, 'lib', 'lucene-core-9.12.2.jar'), '');
    upstream = http.createServer(async (req, res) => {
      const body = await readBody(req);
      const api = nodeApis[(req.url ?? '').split('?')[0] ?? ''];
      if (api && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(api));
        return;
      }
      seen.push({ method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, body });
      res.writeHead(201, 'Created Here', ['X-Custom', 'one', 'x-custom', 'two', 'Content-Type', 'application/octet-stream']);
      res.end(Buffer.concat([Buffer.from('echo:'), body]));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const upstreamPort = (upstream.address() as AddressInfo).port;
    shim = spawn(process.execPath, ['infra/local/es-root-shim.mjs', '0', String(upstreamPort)], { stdio: ['ignore', 'pipe', 'inherit'] });
    port = await new Promise<number>((resolve, reject) => {
      shim.stdout?.once('data', (line: Buffer) => resolve(Number(/127\.0\.0\.1:(\d+)/.exec(String(line))?.[1])));
      shim.once('exit', (code) => reject(new Error(`shim exited with ${code}`)));
    });
  });

  after(() => {
    shim?.kill('SIGTERM');
    upstream?.close();
    rmSync(home, { recursive: true, force: true });
  });

  test('GET / answers with the node info, as the full distribution does', async () => {
    const res = await request(port, 'GET', '/');
    assert.equal(res.status, 200);
    assert.equal(header(res.rawHeaders, 'x-elastic-product'), 'Elasticsearch');
    assert.equal(header(res.rawHeaders, 'content-type'), 'application/json');
    assert.deepEqual(JSON.parse(String(res.body)), {
      name: 'demo-1',
      cluster_name: 'demo',
      cluster_uuid: 'uuid-42',
      version: {
        number: '8.19.21',
        build_flavor: 'default',
        build_type: 'zip',
        build_hash: 'abc123',
        build_date: '2026-01-02T03:04:05.000Z',
        build_snapshot: false,
        lucene_version: '9.12.2',
        minimum_wire_compatibility_version: '7.17.0',
        minimum_index_compatibility_version: '7.0.0',
      },
      tagline: 'You Know, for Search',
    });
  });

  test('HEAD / answers 200 with the same headers and no body', async () => {
    const get = await request(port, 'GET', '/');
    const head = await request(port, 'HEAD', '/');
    assert.equal(head.status, 200);
    assert.equal(header(head.rawHeaders, 'x-elastic-product'), 'Elasticsearch');
    assert.equal(header(head.rawHeaders, 'content-length'), String(get.body.length));
    assert.equal(head.body.length, 0);
  });

  test('anything else is forwarded byte for byte, and so is the answer', async () => {
    seen.length = 0;
    const body = Buffer.from([0x7b, 0x22, 0xc3, 0xa9, 0x22, 0x3a, 0x31, 0x7d, 0x0a, 0xff, 0x00]); // {"é":1}\n + raw bytes
    const res = await request(port, 'POST', '/jaeger-span-*/_search?q=a%20b&size=1', ['X-Trace-Me', 'yes', 'Content-Type', 'application/x-ndjson'], body);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.method, 'POST');
    assert.equal(seen[0]?.url, '/jaeger-span-*/_search?q=a%20b&size=1');
    assert.deepEqual(seen[0]?.body, body);
    const sent = seen[0]?.rawHeaders ?? [];
    assert.equal(header(sent, 'x-trace-me'), 'yes');
    assert.ok(sent.includes('X-Trace-Me'), 'header names keep their case');
    assert.equal(header(sent, 'content-type'), 'application/x-ndjson');
    assert.equal(res.status, 201);
    assert.equal(res.statusMessage, 'Created Here');
    assert.deepEqual(res.rawHeaders.slice(0, 4), ['X-Custom', 'one', 'x-custom', 'two'], 'repeated headers, in order and case');
    assert.deepEqual(res.body, Buffer.concat([Buffer.from('echo:'), body]));
  });

  test('GET on another path, and other methods on /, go to Elasticsearch', async () => {
    seen.length = 0;
    await request(port, 'GET', '/_cluster/health?wait_for_status=yellow');
    await request(port, 'DELETE', '/');
    assert.deepEqual(
      seen.map((s) => `${s.method} ${s.url}`),
      ['GET /_cluster/health?wait_for_status=yellow', 'DELETE /'],
    );
  });
});
