// Editor snippets from the increments: one per run of pasted lines (the lines between those
// the presenter types), prefix ot<step>-<k>-<n>, in the order they go in. Written to
// .vscode/opentracing-<step>.code-snippets by `npm run live -- snippets` (and tested equal).
import { STEPS, type StepIncrements } from './increments';
import { runs } from './model';

// In a snippet body, $ starts a placeholder and \ escapes: both are escaped to stay literal.
const literal = (line: string) => line.replaceAll('\\', '\\\\').replaceAll('$', '\\$');

export function snippets(key: string, step: StepIncrements) {
  const result: Record<string, { scope: string; prefix: string; description: string; body: string[] }> = {};
  step.increments.forEach((increment, i) => {
    const pasted = runs(step, i + 1).filter((run) => !run.typed);
    pasted.forEach((run, n) => {
      result[`${key}.${i + 1}.${n + 1} ${run.file}`] = {
        scope: 'typescript',
        prefix: `ot${key}-${i + 1}-${n + 1}`,
        description: `step ${key}, increment ${i + 1} (${increment.title}), ${run.file}, snippet ${n + 1} of ${pasted.length}`,
        body: run.added.map(literal),
      };
    });
  });
  return result;
}

export const snippetFile = (key: string) => `.vscode/opentracing-${key}.code-snippets`;

export const allSnippets = () => Object.entries(STEPS).map(([key, step]) => ({ path: snippetFile(key), json: `${JSON.stringify(snippets(key, step), null, 2)}\n` }));
