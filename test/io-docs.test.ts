/** docs/csv-formats.md documents every import kind and every column the code accepts. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPORT_KINDS } from '../src/io/exporter.ts';
import { IMPORT_KINDS } from '../src/io/kinds/index.ts';

const doc = fs.readFileSync('docs/csv-formats.md', 'utf8');
const section = (kind: string) => {
  const start = doc.indexOf(`\n### ${kind}\n`);
  expect(start, `section ### ${kind}`).toBeGreaterThan(0);
  const next = doc.indexOf('\n##', start + 5);
  return doc.slice(start, next < 0 ? undefined : next);
};

describe('docs/csv-formats.md', () => {
  it.each(Object.entries(IMPORT_KINDS))('documents every column of %s', (kind, spec) => {
    const text = section(kind);
    for (const c of spec.columns) expect(text, `${kind}.${c.name}`).toContain(`| \`${c.name}\` | ${c.required ? 'yes' : ''} |`);
  });
  it('documents every export kind', () => {
    for (const k of EXPORT_KINDS) expect(doc).toContain(`| \`${k}\` |`);
  });
});
