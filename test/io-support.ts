/** Temp CSV files for import tests. */
import fs from 'node:fs';
import path from 'node:path';
import { CsvSource } from '../src/io/csv-source.ts';
import { tempDir } from './helpers/databases.ts';

export interface CsvDir {
  dir: string;
  /** Writes `lines` (joined with \n) to `name` and returns its path. */
  write(name: string, lines: string[]): string;
  source(name: string, lines: string[]): CsvSource;
  remove(): void;
}

export function csvDir(): CsvDir {
  const dir = tempDir('stockloop-csv-');
  const write = (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  return {
    dir,
    write,
    source: (name, lines) => new CsvSource(write(name, lines)),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
