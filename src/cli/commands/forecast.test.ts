/**
 * `stockloop forecast` contract, through a real process:
 *   stockloop forecast --input series.csv --horizon H --season M [--output out.csv]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseForecastCsv } from './forecast.ts';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'stockloop-forecast-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'forecast', ...args], {
    cwd: root,
    encoding: 'utf8',
    // the forecast command must not need a database: point it at an unusable one
    env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const daily = ['series_id,t,y,stockout'];
for (let d = 0; d < 70; d++) {
  const date = new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
  daily.push(`SKU-1,${date},${d === 20 ? '' : 10 + (d % 7 === 5 ? 8 : 0)},${d === 30 ? 1 : 0}`);
  daily.push(`SKU-2,${date},${d % 9 === 0 ? 2 : 0},0`);
}
const good = file('good.csv', daily.join('\n') + '\n');

describe('stockloop forecast', () => {
  it('writes series_id,step,mean,p50,p90,p95,p99,model for every series and step to stdout', () => {
    const r = run(['--input', good, '--horizon', '7', '--season', '7']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('series_id,step,mean,p50,p90,p95,p99,model');
    expect(lines.length).toBe(1 + 2 * 7);
    const rows = lines.slice(1).map((l) => l.match(/("[^"]*"|[^,]+)/g)!);
    for (const row of rows) {
      const [, step, mean, p50, p90, p95, p99] = row.map((c) => c.replace(/"/g, ''));
      expect(Number(step)).toBeGreaterThanOrEqual(1);
      expect(Number(mean)).toBeGreaterThanOrEqual(0);
      expect(Number(p50)).toBeLessThanOrEqual(Number(p90));
      expect(Number(p90)).toBeLessThanOrEqual(Number(p95));
      expect(Number(p95)).toBeLessThanOrEqual(Number(p99));
    }
    const sku1 = rows.filter((r) => r[0] === 'SKU-1');
    // day 70 = 2024-03-11; weekday pattern peaks where d % 7 == 5, i.e. step 6
    expect(Number(sku1[5][2])).toBeGreaterThan(Number(sku1[0][2]) + 4);
    expect(rows.find((r) => r[0] === 'SKU-2')![7]).toBe('TSB(weekly)');
  });

  it('writes --output and nothing to stdout', () => {
    const out = join(dir, 'out.csv');
    const r = run(['--input', good, '--horizon', '3', '--season', '1', '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('series_id,step,mean,p50,p90,p95,p99,model');
  });

  const bad: [string, string, RegExp][] = [
    ['missing column', 'series_id,t\nA,1\n', /line 1: missing column y/],
    ['non-numeric y', 'series_id,t,y\nA,1,3\nA,2,abc\n', /line 3: y "abc" is not a number/],
    ['negative y', 'series_id,t,y\nA,1,3\nA,2,-1\n', /line 3: y -1 is negative/],
    ['duplicate t', 'series_id,t,y\nA,1,3\nB,1,2\nA,1,4\n', /line 4: duplicate t "1" for series "A" \(first on line 2\)/],
    ['bad date', 'series_id,t,y\nA,2024-02-30,3\n', /line 2: t "2024-02-30"/],
    ['bad stockout', 'series_id,t,y,stockout\nA,1,3,yes\n', /line 2: stockout "yes" must be 0 or 1/],
  ];
  it.each(bad.map(([name, text, msg]) => ({ name, text, msg })))('$name: exit code 2, message names the line, no output file', ({ name, text, msg }) => {
    const input = file(`bad-${name.replace(/ /g, '-')}.csv`, text);
    const out = join(dir, `bad-${name.replace(/ /g, '-')}-out.csv`);
    const r = run(['--input', input, '--horizon', '3', '--season', '1', '--output', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(existsSync(out)).toBe(false);
    expect(r.stdout).toBe('');
  });

  it('rejects a bad --horizon with exit code 2', () => {
    const r = run(['--input', good, '--horizon', 'x', '--season', '7']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--horizon must be a positive integer/);
  });
});

describe('parseForecastCsv', () => {
  it('reads NA and empty y as missing, fills absent periods with missing and keeps stockouts', () => {
    const [s] = parseForecastCsv('series_id,t,y,stockout\nA,1,5,0\nA,2,NA,0\nA,4,,1\nA,5,2,0\n', 'x.csv');
    expect(Array.from(s.y)).toEqual([5, NaN, NaN, NaN, 2]);
    expect(Array.from(s.stockout!)).toEqual([0, 0, 0, 1, 0]);
  });
  it('maps monthly and weekly dates to consecutive periods', () => {
    const [m] = parseForecastCsv('series_id,t,y\nA,2024-01-01,1\nA,2024-02-01,2\nA,2024-04-01,4\n', 'x.csv');
    expect(Array.from(m.y)).toEqual([1, 2, NaN, 4]);
    const [w] = parseForecastCsv('series_id,t,y\nA,2024-01-01,1\nA,2024-01-08,2\nA,2024-01-22,4\n', 'x.csv');
    expect(Array.from(w.y)).toEqual([1, 2, NaN, 4]);
  });
  it('accepts columns in any order, quoted ids and CRLF', () => {
    const [s] = parseForecastCsv('y,series_id,t\r\n3,"A,1",1\r\n4,"A,1",2\r\n', 'x.csv');
    expect(s.id).toBe('A,1');
    expect(Array.from(s.y)).toEqual([3, 4]);
  });
});
