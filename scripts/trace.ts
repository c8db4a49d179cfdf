// npm run trace -- <traceId> | --service <name>
// A trace as a waterfall in the terminal, straight from Jaeger's HTTP API: for machines
// with no Jaeger UI, and for slides. Problems are one line on stderr, never a stack.
import { envUrl } from '../lib/env';
import { TraceError, fetchTrace, latestTrace, normalizeTraceId } from './trace/jaeger-api';
import { renderTrace } from './trace/render';

const USAGE = 'usage: npm run trace -- <traceId>  |  npm run trace -- --service <name>';

/** What to show, or the one line that says what is wrong with the arguments. */
function parse(args: string[]): { traceId: string } | { service: string } | { usage: string } {
  const [first = '', ...rest] = args;
  const unknown = { usage: `unknown arguments "${args.join(' ')}": ${USAGE}` };
  if (first === '--service' || first === '-s' || first.startsWith('--service=')) {
    const service = first.startsWith('--service=') ? first.slice('--service='.length) : rest.shift();
    if (!service) return { usage: `--service needs a service name: ${USAGE}` };
    return rest.length ? unknown : { service };
  }
  if (!first) return { usage: USAGE };
  if (first.startsWith('-') || rest.length) return unknown;
  const traceId = normalizeTraceId(first);
  return traceId ? { traceId } : { usage: `"${first}" is not a trace id (16 or 32 hex digits, as the apps print it after trace=): ${USAGE}` };
}

async function main(args: string[]): Promise<number> {
  if (args[0] === '--help' || args[0] === '-h') return console.log(USAGE), 0;
  const what = parse(args);
  if ('usage' in what) return console.error(what.usage), 2;
  const jaeger = envUrl('JAEGER_QUERY_URL', 'http://127.0.0.1:16686');
  if (!/^https?:\/\/[^/]/.test(jaeger)) return console.error(`JAEGER_QUERY_URL=${jaeger} is not an http:// address, e.g. http://127.0.0.1:16686`), 2;
  const trace = 'traceId' in what ? await fetchTrace(jaeger, what.traceId) : await latestTrace(jaeger, what.service);
  const tty = process.stdout.isTTY === true;
  const lines = renderTrace(trace, { width: tty ? process.stdout.columns || 120 : 120, color: tty && !process.env.NO_COLOR });
  console.log(lines.join('\n'));
  return 0;
}

// `npm run trace -- <id> | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));
process.exitCode = await main(process.argv.slice(2)).catch((err: Error) => {
  console.error(err instanceof TraceError ? err.message : `trace: ${err.message}`);
  return 1;
});
