// elk/setup/setup.sh, the one-shot set-up of the ELK compose stack, against a loopback
// stand-in for Elasticsearch and Kibana (neither runs here): the calls it makes, and the
// address it tells the user to open (one that works outside the compose network).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';

test('setup.sh installs the index template, creates the data view, and names a URL the user can open', async (t) => {
  const calls: { method: string; url: string; xsrf: string | undefined; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls.push({ method: req.method!, url: req.url!, xsrf: req.headers['kbn-xsrf'] as string | undefined, body });
      res.setHeader('content-type', 'application/json').end('{"acknowledged":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const template = new URL('../elk/elasticsearch/index-template.json', import.meta.url).pathname;

  const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
    const child = spawn('bash', ['elk/setup/setup.sh'], { env: { ...process.env, ELASTICSEARCH_URL: url, KIBANA_URL: url, TEMPLATE_FILE: template } });
    let stdout = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout }));
  });
  assert.equal(result.code, 0, result.stdout);
  assert.deepEqual(calls.map((c) => `${c.method} ${c.url}`), ['PUT /_index_template/demo-logs', 'POST /api/data_views/data_view']);
  assert.deepEqual(JSON.parse(calls[0]!.body), JSON.parse(readFileSync(template, 'utf8')));
  assert.equal(calls[1]!.xsrf, 'true');
  assert.equal(JSON.parse(calls[1]!.body).data_view.title, 'demo-logs-*');
  assert.match(result.stdout.trim().split('\n').pop()!, /^done: open http:\/\/127\.0\.0\.1:5601\/app\/discover/);
  assert.doesNotMatch(result.stdout, /open http:\/\/kibana/);
});
