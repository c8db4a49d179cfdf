// npm run rehearse end to end: steps 01 and 02, both variants, against the running
// infrastructure, their traces found in Jaeger; and what a rehearsal says without Jaeger.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { npmRunToEnd } from './support/processes';

/** The rows of the final table: step, variant, result, seconds, spans. */
function table(output: string) {
  const lines = output.split('\n');
  const header = lines.findIndex((l) => /^step\s+variant\s+result\s+seconds\s+spans$/.test(l));
  assert.ok(header >= 0, `a table in:\n${output}`);
  return lines
    .slice(header + 1)
    .filter((l) => /^0\d-/.test(l))
    .map((l) => {
      const m = /^(\S+)\s+(logging|tracing)\s+(.+?)\s+(\d+\.\d)\s+(\d+|-)$/.exec(l);
      assert.ok(m, `a table row: ${l}`);
      return { step: m[1], variant: m[2], result: m[3]!, seconds: Number(m[4]), spans: m[5] === '-' ? undefined : Number(m[5]) };
    });
}

const env = () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), 'e2e-rehearse-')) });

describe('npm run rehearse', () => {
  test('steps 01 and 02: four runs pass, each tracing run has a trace in Jaeger across all its services, exit 0', async () => {
    const { code, output } = await npmRunToEnd('rehearse', ['01', '02'], env(), 300_000);
    assert.equal(code, 0, output);
    const rows = table(output);
    assert.deepEqual(
      rows.map((r) => [r.step, r.variant, r.result.split(' ')[0]]),
      [
        ['01-http-simple', 'logging', 'pass'],
        ['01-http-simple', 'tracing', 'pass'],
        ['02-http-distributed', 'logging', 'pass'],
        ['02-http-distributed', 'tracing', 'pass'],
      ],
    );
    for (const row of rows) {
      assert.ok(row.seconds > 0 && row.seconds < 120, `${row.step} ${row.variant} took ${row.seconds} s`);
      if (row.variant === 'logging') assert.equal(row.spans, undefined);
      else assert.match(row.result, /^pass \(trace [0-9a-f]{16}\)$/);
    }
    assert.ok(rows[1]!.spans! >= 2, 'hello-client and hello-server spans');
    assert.ok(rows[3]!.spans! >= 3, 'hello-client, hello-service and translation-service spans');
    assert.match(output, /✔ all 4 runs passed, in \d+ s; logs in \.rehearse\/[\dT-]+\/\n$/);
  });

  test('with no Jaeger query API: the logging run passes, the tracing run fails saying why, exit 1', async () => {
    const { code, output } = await npmRunToEnd('rehearse', ['01'], { ...env(), JAEGER_QUERY_URL: 'http://127.0.0.1:1' }, 120_000);
    assert.equal(code, 1, output);
    const [logging, tracing] = table(output);
    assert.equal(logging!.result, 'pass');
    assert.equal(tracing!.result, 'fail: not run: no Jaeger query API at http://127.0.0.1:1 to check its traces (`npm run doctor -- 01`)');
    assert.match(output, /✖ 1 of 2 runs failed/);
  });
});
