// The logging/ variants are where each step starts on stage: they run no tracing code,
// neither directly nor through lib/ or a step's shared files, so that everything tracing
// does appears in the step's diff. (Type-only imports are erased: they do not count.)
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TRACING = ['lib/tracing.ts', 'lib/tracer.ts', 'lib/kafka-tracing.ts', 'opentracing', 'jaeger-client'];

/** The modules a file imports at run time: relative ones resolved to files, packages by name. */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^import\s+(type\s+)?(?:([^'"]*?)\s+from\s+)?['"]([^'"]+)['"]/gm)]
    .filter(([, typeOnly, names]) => !typeOnly && !(names && /^\{[^}]*\}$/.test(names.trim()) && names.slice(1, -1).split(',').every((n) => n.trim().startsWith('type '))))
    .map(([, , , spec]) => {
      if (!spec!.startsWith('.')) return spec!.split('/')[0]!.startsWith('@') ? spec!.split('/').slice(0, 2).join('/') : spec!.split('/')[0]!;
      const base = resolve(dirname(file), spec!);
      return [`${base}.ts`, join(base, 'index.ts'), base].find((f) => existsSync(f))!;
    });
}

/** Every path by which file reaches a tracing module: "a.ts -> lib/x.ts -> opentracing". */
function tracingPaths(file: string, seen = new Set<string>(), path: string[] = []): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const name = file.startsWith('/') ? relative(root, file) : file;
  if (TRACING.includes(name)) return [[...path, name].join(' -> ')];
  if (!file.startsWith('/')) return [];
  return runtimeImports(file).flatMap((next) => tracingPaths(next, seen, [...path, name]));
}

const loggingFiles = readdirSync(root)
  .filter((step) => /^0\d-/.test(step) && existsSync(join(root, step, 'logging')))
  .flatMap((step) => readdirSync(join(root, step, 'logging')).map((f) => join(root, step, 'logging', f)));

test('every step has a logging variant', () => {
  assert.ok(loggingFiles.length >= 30, `${loggingFiles.length} files`);
});

for (const file of loggingFiles) {
  test(`${relative(root, file)} runs no tracing code`, () => {
    assert.deepEqual(tracingPaths(file), []);
  });
}

test('the check finds tracing where it is', () => {
  assert.match(tracingPaths(join(root, '04-real-life/tracing/stats.ts')).join('\n'), /lib\/kafka-tracing\.ts/);
  assert.match(tracingPaths(join(root, '01-http-simple/tracing/server.ts')).join('\n'), /lib\/tracer\.ts/);
});
