import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvSource, normaliseColumnName } from '../src/io/csv-source.ts';
import { formatMoney, parseBoolean, parseDay, parseInstant, parseInteger, parseMoney, parseTags } from '../src/io/fields.ts';
import { streamProgress } from '../src/io/progress.ts';
import { tempDir } from './helpers/databases.ts';

describe('CSV cell parsers', () => {
  it('parse money exactly into micro-units and format it back', () => {
    expect(parseMoney('12.5')).toEqual({ ok: true, value: 12_500_000 });
    expect(parseMoney('0.000001')).toEqual({ ok: true, value: 1 });
    expect(parseMoney('.5')).toEqual({ ok: true, value: 500_000 });
    expect(parseMoney('-3')).toEqual({ ok: true, value: -3_000_000 });
    // 0.1 + 0.2 style float noise must not appear: string arithmetic.
    expect(parseMoney('1234567.891011')).toEqual({ ok: true, value: 1_234_567_891_011 });
    expect(parseMoney('1.0000001').ok).toBe(false);
    expect(parseMoney('1,50').ok).toBe(false);
    expect(parseMoney('-1', { min: 0 }).ok).toBe(false);
    for (const v of [0, 1, 12_500_000, 1_234_567_891_011, -7_250_000]) expect(parseMoney(formatMoney(v))).toEqual({ ok: true, value: v });
    expect(formatMoney(7_250_000)).toBe('7.25');
    expect(formatMoney(-1)).toBe('-0.000001');
  });

  it('parse integers, booleans, days, instants and tags', () => {
    expect(parseInteger('-3')).toEqual({ ok: true, value: -3 });
    expect(parseInteger('1.5').ok).toBe(false);
    expect(parseInteger('1e3').ok).toBe(false);
    expect(parseInteger('0', { min: 1 })).toEqual({ ok: false, reason: 'must be >= 1 (got 0)' });
    expect(parseInteger('99999999999999999999').ok).toBe(false);
    expect(parseBoolean('Yes')).toEqual({ ok: true, value: true });
    expect(parseBoolean('0')).toEqual({ ok: true, value: false });
    expect(parseBoolean('maybe').ok).toBe(false);
    expect(parseDay('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseDay('2025-02-29').ok).toBe(false);
    expect(parseInstant('2026-03-01T09:30:00+02:00')).toEqual({ ok: true, value: '2026-03-01T07:30:00.000Z' });
    expect(parseInstant('2026-03-01')).toEqual({ ok: true, value: '2026-03-01T12:00:00.000Z' });
    expect(parseInstant('2026-03-01T09:30:00').ok).toBe(false); // no zone: ambiguous
    expect(parseTags(' a | b|a;; c ')).toEqual({ ok: true, value: ['a', 'b', 'c'] });
  });
});

describe('CsvSource', () => {
  it('streams records with the line each starts on, normalised header, BOM and blank lines handled', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.csv');
    fs.writeFileSync(file, '\uFEFFSKU, Unit Cost ,pack-size\nA,1,2\n\n"B\nwith newline",3,4\r\nC,5,6\n');
    const recs = [];
    for await (const r of new CsvSource(file).records()) recs.push(r);
    expect(recs).toEqual([
      { line: 1, cells: ['sku', 'unit_cost', 'pack_size'] },
      { line: 2, cells: ['A', '1', '2'] },
      { line: 4, cells: ['B\nwith newline', '3', '4'] },
      { line: 6, cells: ['C', '5', '6'] },
    ]);
    expect(normaliseColumnName(' Idempotency Key ')).toBe('idempotency_key');
    expect(await new CsvSource(file).sha256()).toMatch(/^[0-9a-f]{64}$/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('progress output', () => {
  it('writes rows and rate lines, throttled when not a terminal', () => {
    let t = 0;
    const lines: string[] = [];
    const p = streamProgress({ write: (s: string) => lines.push(s) }, { tty: false, intervalMs: 1000, now: () => t });
    p.phase('validating', 4000);
    t = 500;
    p.update(1000); // throttled
    t = 1000;
    p.update(2000);
    t = 2000;
    p.end(4000);
    expect(lines).toEqual(['validating: 2,000 rows / 4,000 (50%), 2,000 rows/s\n', 'validating: 4,000 rows / 4,000 (100%), 2,000 rows/s, 2.0 s\n']);
  });
});

describe('line numbers across line-break styles', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('%s', async (_name, nl) => {
    const dir = tempDir();
    const file = path.join(dir, 'x.csv');
    fs.writeFileSync(file, ['a,b', '1,2', '', '"x', 'y",3', '4,5', ''].join(nl));
    const got = [];
    for await (const r of new CsvSource(file).records()) got.push([r.line, r.cells]);
    expect(got).toEqual([[1, ['a', 'b']], [2, ['1', '2']], [4, ['x\ny', '3']], [6, ['4', '5']]]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('handles a CR at a chunk boundary', async () => {
    const { normaliseLineBreaks } = await import('../src/io/csv-source.ts');
    const t = normaliseLineBreaks();
    const parts: Buffer[] = [];
    t.on('data', (b: Buffer) => parts.push(b));
    t.write(Buffer.from('a\r'));
    t.write(Buffer.from('\nb\r'));
    t.write(Buffer.from('c\r'));
    t.end();
    await new Promise((r) => t.on('end', r));
    expect(Buffer.concat(parts).toString()).toBe('a\nb\nc\n');
  });
});
