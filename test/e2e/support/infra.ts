// The tests that stop, restart or reconfigure infra/local do it through this checkout's
// infra.sh and files. Run against a pipeline another checkout started, they would stop
// nothing and edit a file nobody reads: say so first, in one line.
import { execFileSync } from 'node:child_process';

export const infra = (...args: string[]) => execFileSync('bash', ['infra/local/infra.sh', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Step 04's pipeline, as `npm run infra:local -- up production` starts it. */
export const PRODUCTION = ['kafka', 'elasticsearch', 'es-shim', 'jaeger-collector', 'jaeger-agent', 'jaeger-ingester', 'jaeger-query'];

export function assertStartedHere(components: string[], start: string): void {
  const status = infra('status');
  const elsewhere = components.filter((c) => !new RegExp(`^${c} +running`, 'm').test(status));
  if (elsewhere.length) {
    throw new Error(`${elsewhere.join(', ')} not started from this checkout (${process.cwd()}): run \`${start}\` here`);
  }
}
