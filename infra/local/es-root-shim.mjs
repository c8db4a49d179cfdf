// Elasticsearch root-info shim, for the no-Docker infrastructure only.
//
// Why: infra/local runs Elasticsearch's integration-test distribution (the only 8.x build on
// Maven Central). It lacks the `rest-root` module, so `GET /` and `HEAD /` answer 405. Most
// clients never call them, but Jaeger's Elasticsearch client (olivere/elastic) pings the root
// first, to check the node is alive and to detect its major version, and refuses to start
// without it ("no Elasticsearch node available").
//
// What: listen where clients expect Elasticsearch (127.0.0.1:9200), answer `GET /` and `HEAD /`
// the way the full distribution does, built from the real node's own APIs, and forward every
// other request untouched (method, path, query, headers, streamed body; status and headers
// back) to the real node (127.0.0.1:9201). No dependencies: plain node:http.
//
//   node infra/local/es-root-shim.mjs [listenPort] [upstreamPort]
//   (or ES_SHIM_PORT / ES_SHIM_UPSTREAM_PORT; defaults 9200 and 9201; loopback only)
import { readdirSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';

const HOST = '127.0.0.1';
const port = Number(process.argv[2] || process.env.ES_SHIM_PORT || 9200);
const upstreamPort = Number(process.argv[3] || process.env.ES_SHIM_UPSTREAM_PORT || 9201);
const agent = new http.Agent({ keepAlive: true });

// Oldest versions a node talks to and reads, per major: constants of the Elasticsearch
// release (TransportVersions / IndexVersions.MINIMUM_COMPATIBLE), not exposed by any API.
const COMPATIBILITY = { 7: ['6.8.0', '6.0.0-beta1'], 8: ['7.17.0', '7.0.0'] };

function getJson(path) {
  return new Promise((resolve, reject) => {
    http.get({ host: HOST, port: upstreamPort, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${path}: ${res.statusCode}`))));
    }).on('error', reject);
  });
}

// Lucene's version is in no API answer of this distribution; it is in the name of the
// lucene-core jar in the node's own home directory (which the node reports).
function luceneVersion(home) {
  try {
    const jar = readdirSync(join(home, 'lib')).find((f) => /^lucene-core-[\d.]+\.jar$/.test(f));
    return jar ? jar.slice('lucene-core-'.length, -'.jar'.length) : 'unknown';
  } catch {
    return 'unknown';
  }
}

let rootInfo; // built once from the real node, then reused (Jaeger pings the root often)

async function buildRootInfo() {
  const [nodes, state, xpack] = await Promise.all([
    getJson('/_nodes/_local?filter_path=cluster_name,nodes.*.name,nodes.*.version,nodes.*.build_*,nodes.*.settings.path.home'),
    getJson('/_cluster/state/metadata?filter_path=metadata.cluster_uuid'),
    getJson('/_xpack?categories=build'), // build hash and date (x-pack-core is in this distribution)
  ]);
  const node = Object.values(nodes.nodes)[0];
  const [wire, index] = COMPATIBILITY[node.version.split('.')[0]] ?? ['unknown', 'unknown'];
  return {
    name: node.name,
    cluster_name: nodes.cluster_name,
    cluster_uuid: state.metadata.cluster_uuid,
    version: {
      number: node.version,
      build_flavor: node.build_flavor,
      build_type: node.build_type,
      build_hash: node.build_hash,
      build_date: xpack.build.date,
      build_snapshot: node.version.endsWith('-SNAPSHOT'),
      lucene_version: luceneVersion(node.settings.path.home),
      minimum_wire_compatibility_version: wire,
      minimum_index_compatibility_version: index,
    },
    tagline: 'You Know, for Search',
  };
}

async function answerRoot(req, res) {
  try {
    rootInfo ??= await buildRootInfo();
  } catch (err) {
    // The node is not up yet: say so like a proxy would; the next ping tries again.
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ error: `es-root-shim: ${err.message}`, status: 502 }));
    return;
  }
  const body = `${JSON.stringify(rootInfo, null, 2)}\n`;
  res.writeHead(200, {
    'X-elastic-product': 'Elasticsearch',
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function forward(req, res) {
  const upstream = http.request(
    // rawHeaders: the client's header lines as sent (case, order, repeats), not a re-encoding.
    { host: HOST, port: upstreamPort, method: req.method, path: req.url, headers: req.rawHeaders, agent },
    (up) => {
      // rawHeaders keeps names, case, order and repeated headers exactly as the node sent them.
      res.sendDate = false; // add no header of our own (Node would add Date)
      res.writeHead(up.statusCode, up.statusMessage, up.rawHeaders);
      up.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    if (res.headersSent) return res.destroy(err);
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `es-root-shim: Elasticsearch unreachable on ${HOST}:${upstreamPort} (${err.code})`, status: 502 }));
  });
  res.on('close', () => res.writableFinished || upstream.destroy()); // the client left early: stop upstream too
  req.pipe(upstream);
}

const server = http.createServer((req, res) => {
  const isRoot = req.url === '/' || req.url.startsWith('/?');
  if (isRoot && (req.method === 'GET' || req.method === 'HEAD')) void answerRoot(req, res);
  else forward(req, res);
});
server.listen(port, HOST, () => {
  console.log(`es-root-shim: 127.0.0.1:${server.address().port} -> Elasticsearch 127.0.0.1:${upstreamPort}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections(); // keep-alive clients (Jaeger) would otherwise hold the exit
  });
}
