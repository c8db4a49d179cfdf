// The compose files pin one version per component, agree with infra/local, and publish
// ports on 127.0.0.1 only. (compose-go validates their structure: npm run compose:validate.)
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../', import.meta.url);
const files = [
  ...readdirSync(root).filter((f) => /^docker-compose.*\.yml$/.test(f)),
  ...readdirSync(root)
    .filter((d) => /^0\d-/.test(d) && existsSync(new URL(`${d}/docker-compose.yml`, root)))
    .map((d) => `${d}/docker-compose.yml`),
];
const text = (file: string) => readFileSync(new URL(file, root), 'utf8');

/** image -> the versions it is pinned to ("${VAR:-1.2.3}" counts as 1.2.3). */
function imageVersions(): Map<string, Set<string>> {
  const versions = new Map<string, Set<string>>();
  for (const file of files) {
    for (const [, image, tag] of text(file).matchAll(/^\s*image:\s*([^\s:]+):(\S+)/gm)) {
      const version = tag!.match(/^\$\{\w+:-([^}]+)\}$/)?.[1] ?? tag!;
      versions.set(image!, (versions.get(image!) ?? new Set()).add(version));
    }
  }
  return versions;
}

test('every image is pinned, to one version', () => {
  for (const [image, versions] of imageVersions()) {
    assert.equal(versions.size, 1, `${image}: ${[...versions].join(', ')}`);
    assert.ok(![...versions].some((v) => v === 'latest' || v.startsWith('$')), `${image} is pinned`);
  }
});

test('Jaeger 1.62.0, Kafka 3.9.1 and one Elastic version, in compose and in infra/local', () => {
  const versions = imageVersions();
  const of = (prefix: string) => [...versions].filter(([image]) => image.startsWith(prefix)).flatMap(([, v]) => [...v]);
  assert.deepEqual([...new Set(of('jaegertracing/'))], ['1.62.0']);
  const elastic = [...new Set(of('docker.elastic.co/'))];
  assert.equal(elastic.length, 1, `Elastic versions: ${elastic.join(', ')}`);
  assert.match(elastic[0]!, /^8\./);
  assert.deepEqual([...new Set(of('apache/kafka'))], ['3.9.1']);
  const infra = readFileSync(new URL('infra/local/infra.sh', root), 'utf8');
  const local = (name: string) => infra.match(new RegExp(`^${name}=([\\d.]+)$`, 'm'))?.[1];
  assert.equal(local('ES_VERSION'), elastic[0], 'infra/local runs the same Elasticsearch as compose');
  assert.equal(local('KAFKA_VERSION'), '3.9.1', 'infra/local runs the same Kafka as compose');
  assert.equal(local('JAEGER_VERSION'), '1.62.0', 'infra/local runs the same Jaeger as compose');
});

test('ports are published on 127.0.0.1 only', () => {
  for (const file of files) {
    for (const [, mapping] of text(file).matchAll(/^\s*-\s*"?(\S+:\d+(?:\/udp)?)"?\s*(?:#.*)?$/gm)) {
      if (/^[\d.]+:\d+:\d+/.test(mapping!) || /^\d+:\d+/.test(mapping!)) {
        assert.match(mapping!, /^127\.0\.0\.1:/, `${file}: ${mapping}`);
      }
    }
  }
});

test('files mounted into containers are read-only', () => {
  for (const file of files) {
    for (const [, volume] of text(file).matchAll(/^\s*-\s*(\.\.?\/[^\s:]+:\S+)\s*$/gm)) {
      assert.match(volume!, /:ro$/, `${file}: ${volume}`);
    }
  }
});
