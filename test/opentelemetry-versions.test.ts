// One consistent set of OpenTelemetry JS packages, pinned. OpenTelemetry releases in trains: the
// stable packages (core, sdk-trace-base, ...) share one 2.x version, the experimental ones
// (the OTLP exporter and what it pulls in) one 0.x version, and each train pins the other
// exactly (exporter 0.222.0 -> sdk-trace 2.11.0). Bump one package alone and npm either nests a
// second copy of core (two SDKs in one process, spans lost between them) or breaks a peer range:
// these tests fail first.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../', import.meta.url);
const json = <T>(path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8')) as T;

interface Manifest {
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}
const pkg = json<Manifest>('package.json');
const lock = json<{ packages: Record<string, Manifest> }>('package-lock.json');

const isOtel = (name: string) => name.startsWith('@opentelemetry/');
const pinned = Object.entries(pkg.dependencies ?? {}).filter(([name]) => isOtel(name));
/** The API and the semantic conventions are versioned on their own; everything else rides a train. */
const OWN_VERSIONS = new Set(['@opentelemetry/api', '@opentelemetry/semantic-conventions']);

/** Every @opentelemetry package in the lockfile: install path -> manifest. */
const locked = Object.entries(lock.packages).filter(([path]) => /(^|\/)node_modules\/@opentelemetry\/[^/]+$/.test(path));
const lockedVersion = (name: string) => lock.packages[`node_modules/${name}`]?.version;

/** semver's satisfies, for the forms OpenTelemetry's manifests use: 1.2.3, ^1.2.3, >=1.0.0 <1.10.0. Anything else fails the test. */
function satisfies(version: string, range: string): boolean {
  const parse = (v: string) => {
    const m = v.match(/^(\d+)\.(\d+)\.(\d+)$/);
    if (!m) throw new Error(`not a plain version: ${v}`);
    return [Number(m[1]), Number(m[2]), Number(m[3])] as const;
  };
  const compare = (a: string, b: string) => {
    const [x, y] = [parse(a), parse(b)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return 0;
  };
  return range.split(/\s+/).every((comparator) => {
    const caret = comparator.match(/^\^(\d+\.\d+\.\d+)$/);
    if (caret) {
      const [major, minor] = parse(caret[1]!);
      const upper = major > 0 ? `${major + 1}.0.0` : `0.${minor + 1}.0`;
      return compare(version, caret[1]!) >= 0 && compare(version, upper) < 0;
    }
    const op = comparator.match(/^(>=|<=|>|<|=)?(\d+\.\d+\.\d+)$/);
    if (!op) throw new Error(`range form not handled here: ${range}`);
    const c = compare(version, op[2]!);
    return { '>=': c >= 0, '<=': c <= 0, '>': c > 0, '<': c < 0, '=': c === 0, '': c === 0 }[op[1] ?? '']!;
  });
}

test('satisfies() reads the ranges as npm does', () => {
  assert.equal(satisfies('2.11.0', '2.11.0'), true);
  assert.equal(satisfies('2.11.1', '2.11.0'), false);
  assert.equal(satisfies('1.9.1', '>=1.0.0 <1.10.0'), true);
  assert.equal(satisfies('1.10.0', '>=1.0.0 <1.10.0'), false);
  assert.equal(satisfies('1.45.0', '^1.29.0'), true);
  assert.equal(satisfies('2.0.0', '^1.29.0'), false);
  assert.equal(satisfies('0.223.0', '^0.222.0'), false);
  assert.throws(() => satisfies('1.0.0', '~1.0.0'), /not handled/);
});

test('the OpenTelemetry packages are runtime dependencies, each pinned to one exact version', () => {
  assert.ok(pinned.length >= 9, `the set: ${pinned.map(([n]) => n).join(', ')}`);
  for (const [name, version] of pinned) assert.match(version, /^\d+\.\d+\.\d+$/, `${name}@${version} is pinned exactly`);
  for (const name of Object.keys(pkg.devDependencies ?? {})) assert.ok(!isOtel(name), `${name} is not a devDependency`);
});

test('one release train: the stable packages share one version, the experimental ones another', () => {
  const trains = new Map<string, Set<string>>();
  for (const [name, version] of pinned) {
    if (OWN_VERSIONS.has(name)) continue;
    const train = version.startsWith('0.') ? 'experimental' : 'stable';
    trains.set(train, (trains.get(train) ?? new Set()).add(version));
  }
  for (const [train, versions] of trains) assert.equal(versions.size, 1, `${train}: ${[...versions].join(', ')}`);
  assert.ok(trains.has('stable'));
});

test('the lockfile holds one copy of each, at the pinned version', () => {
  const paths = locked.map(([path]) => path);
  const nested = paths.filter((path) => path.split('node_modules/').length > 2);
  assert.deepEqual(nested, [], 'no second copy nested under another package');
  for (const [name, version] of pinned) assert.equal(lockedVersion(name), version, `${name} locked at the pin`);
});

test('every OpenTelemetry package gets the versions it asks for (dependencies and peers)', () => {
  for (const [path, manifest] of locked) {
    for (const [dep, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      if (!isOtel(dep)) continue;
      const version = lockedVersion(dep);
      assert.ok(version, `${path} needs ${dep}, which is not installed`);
      assert.ok(satisfies(version, range), `${path}@${manifest.version} wants ${dep} ${range}, gets ${version}`);
    }
  }
});

test('node_modules is what the lockfile says', () => {
  for (const [path, manifest] of locked) {
    const installed = json<Manifest>(`${path}/package.json`);
    assert.equal(installed.version, manifest.version, path);
  }
});
