// npm run doctor [-- <step>...]: can the step run here, now? One line per check (✔ pass,
// ! warning, ✖ failure with the command that fixes it), then a verdict. Takes a few seconds.
//   npm run doctor            every step
//   npm run doctor -- 04      one step (01..04 or its folder name)
// Exit 0: the step(s) can run; 1: something a step needs is missing; 2: unknown step.
import '../lib/env';
import { line, parseSteps, plan, runAll, usage, verdict, type Outcome } from './doctor/plan';

const parsed = parseSteps(process.argv.slice(2));
if ('bad' in parsed) {
  console.error(usage(parsed.bad, 'doctor'));
  process.exit(2);
}

const checks = plan(parsed.dirs);
const width = Math.max(...checks.map((c) => c.label.length)) + 1;
const color = process.stdout.isTTY && !process.env.NO_COLOR;
console.log(`doctor: ${parsed.dirs.join(', ')}`);
const outcomes: Outcome[] = [];
for await (const outcome of runAll(checks)) {
  outcomes.push(outcome);
  console.log(line(outcome, width, color));
}
const { text, code } = verdict(parsed.dirs, outcomes);
console.log(text);
// kafkajs or a slow socket may still hold the event loop: the verdict is out, leave.
process.exit(code);
