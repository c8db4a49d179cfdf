// A consumer's state on disk, written atomically (write a temp file, rename it over),
// so that a crash leaves either the old state or the new one, never half of one.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { envString } from './env';

export class JsonStore<T> {
  readonly path: string;

  constructor(name: string, dir = envString('DATA_DIR', '.data')) {
    this.path = join(dir, `${name}.json`);
  }

  load(initial: T): T {
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as T;
    } catch {
      return initial;
    }
  }

  save(state: T): void {
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(`${this.path}.tmp`, JSON.stringify(state));
    renameSync(`${this.path}.tmp`, this.path);
  }
}
