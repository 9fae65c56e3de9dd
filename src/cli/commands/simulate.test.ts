/**
 * Contract tests of `stockloop simulate` (spawned as a real process).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stockloop-sim-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

function run(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'simulate', ...args], { encoding: 'utf8', cwd: process.cwd() });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function rows(csv: string): Record<string, string>[] {
  const [head, ...lines] = csv.trim().split('\n').filter((l) => !l.startsWith('#'));
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

const series = (id: string, ys: (number | string)[]) => ys.map((y, i) => `${id},${i + 1},${y}`).join('\n');

describe('stockloop simulate', () => {
  it('replays the timeline exactly: start at S, order at each review, arrival after L serves that period', () => {
    // constant demand 5: SES+normal gives a point forecast with zero spread, S = 10 for L = 1, R = 1
    const demand = file('const.csv', `series_id,t,y\n${series('A', [5, 5, 5, 5, 5, 5, 5, 5, 5, 5])}\n`);
    const out = path.join(dir, 'const-out.csv');
    const r = run(['--demand', demand, '--lead-time', '1', '--review', '1', '--target-fill-rate', '0.95', '--warmup', '5', '--model', 'ses-normal', '--output', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // end-of-period on hand over periods 6..10: 5, 0, 0, 0, 0; orders at 7, 8, 9, 10
    expect(rows(fs.readFileSync(out, 'utf8'))).toEqual([{ series_id: 'A', fill_rate: '1', cycle_service: '1', avg_on_hand: '1', stockout_periods: '0', orders: '4' }]);
    expect(r.stdout).toContain('aggregate fill rate: 1.0000');
    expect(r.stdout).toContain('total average on hand: 1.00');
  });

  it('loses unmet demand and counts stockout periods and cycles', () => {
    // R = 3: one review at t = 6. Point forecast 5/period: backorder level S solves
    // (20 - S) - (5 - S)^+ = 0.05 x 15 -> 19.25; lost-sales correction (L/R)(1-F) mu R = 0.25 -> S = 19.
    // Demand 20, 5, 5: 19 served, 11 lost, stockouts in all 3 periods, no order (position = S).
    const demand = file('spike.csv', `series_id,t,y\n${series('S', [5, 5, 5, 5, 5, 20, 5, 5])}\n`);
    // (the analytic level: --no-calibrate, else the one-item segment would calibrate its own lever)
    const r = run(['--demand', demand, '--lead-time', '1', '--review', '3', '--target-fill-rate', '0.95', '--warmup', '5', '--model', 'ses-normal', '--no-calibrate']);
    expect(r.code).toBe(0);
    expect(rows(r.stdout)).toEqual([{ series_id: 'S', fill_rate: '0.633333', cycle_service: '0', avg_on_hand: '0', stockout_periods: '3', orders: '0' }]);
    expect(r.stdout).toContain('# aggregate fill rate: 0.6333 (served 19 of 30 units demanded)');
  });

  it('handles several series, NA/empty as missing, rows in any order; default model and warm-up', () => {
    const lines = [series('A', [3, 4, 2, 5, 3, 4, 'NA', 3, 2, 4, 3, 5]), series('B', [0, 1, 0, '', 2, 0, 0, 1, 0, 0, 3, 0])].join('\n').split('\n').reverse();
    const demand = file('multi.csv', `y,series_id,t\n${lines.map((l) => { const [a, b, c] = l.split(','); return `${c},${a},${b}`; }).join('\n')}\n`);
    const r = run(['--demand', demand, '--lead-time', '2', '--review', '1', '--target-fill-rate', '0.9']);
    expect(r.code).toBe(0);
    const out = rows(r.stdout);
    expect(out.map((x) => x.series_id).sort()).toEqual(['A', 'B']);
    for (const x of out) {
      expect(Number(x.fill_rate)).toBeGreaterThanOrEqual(0);
      expect(Number(x.fill_rate)).toBeLessThanOrEqual(1);
    }
    expect(r.stdout).toMatch(/# mean per-series fill rate: \d\.\d{4}/);
  });

  it('prints the safety shift per demand segment; --no-calibrate keeps the analytic levels', () => {
    const ys = Array.from({ length: 12 }, (_, k) => series(`S${k}`, Array.from({ length: 60 }, (_, i) => 4 + ((i * 7 + k * 3) % 5))));
    const demand = file('segments.csv', `series_id,t,y\n${ys.join('\n')}\n`);
    const args = ['--demand', demand, '--lead-time', '2', '--review', '1', '--target-fill-rate', '0.9'];
    const cal = run(args);
    expect(cal.code, cal.stderr).toBe(0);
    expect(cal.stdout).toMatch(/# safety shift per demand segment \(calibrated on the warm-up history/);
    // smooth demand takes the demand-scale lever (a factor on the forecast's demand)
    expect(cal.stdout).toMatch(/#   smooth +items +12 +scale \d\.\d{3} +replayed fill \d\.\d{4} -> \d\.\d{4}/);
    const plain = run([...args, '--no-calibrate']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/# safety shift per demand segment: none \(not calibrated\)/);
    // these near-constant series over-deliver at the analytic level, so the fitted lever lowers stock
    const stock = (out: string) => Number(/# total average on hand: ([\d.]+)/.exec(out)![1]);
    expect(stock(cal.stdout)).toBeLessThanOrEqual(stock(plain.stdout));
    // the service feedback is on by default (calibrated segments), off with --no-feedback or --no-calibrate
    expect(cal.stdout).toMatch(/# service feedback per segment \(its shortfall against the target so far, recovered over 2 protection intervals/);
    expect(cal.stdout).toMatch(/#   smooth +shift min -?\d\.\d{3} +max -?\d\.\d{3} +last -?\d\.\d{3}/);
    expect(plain.stdout).toMatch(/# service feedback: off/);
    const open = run([...args, '--no-feedback']);
    expect(open.code, open.stderr).toBe(0);
    expect(open.stdout).toMatch(/# service feedback: off/);
    const slow = run([...args, '--catch-up', '6']);
    expect(slow.code, slow.stderr).toBe(0);
    expect(slow.stdout).toMatch(/recovered over 6 protection intervals/);
  });

  it('sampled lead times are reproducible with the seed', () => {
    const demand = file('lt.csv', `series_id,t,y\n${series('A', Array.from({ length: 40 }, (_, i) => 3 + (i % 4)))}\n`);
    const args = ['--demand', demand, '--lead-time', '2', '--lead-time-sd', '1', '--review', '2', '--target-fill-rate', '0.9', '--model', 'ets-count'];
    const a = run(args);
    const b = run(args);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('sampled lead times: the policy plans for orders that overtake each other unless told --lead-time-independence 0', () => {
    const ys = (k: number) => Array.from({ length: 120 }, (_, i) => 3 + ((i * 7 + k) % 5));
    const demand = file('crossing.csv', `series_id,t,y\n${series('A', ys(65))}\n${series('B', ys(66))}\n${series('C', ys(67))}\n`);
    const args = ['--demand', demand, '--lead-time', '3', '--lead-time-sd', '1.5', '--review', '1', '--target-fill-rate', '0.9', '--no-calibrate'];
    const summaryOf = (out: string) => ({
      fill: Number(/aggregate fill rate: ([\d.]+)/.exec(out)![1]),
      onHand: Number(/total average on hand: ([\d.]+)/.exec(out)![1]),
    });
    const crossing = run(args);
    const textbook = run([...args, '--lead-time-independence', '0']);
    expect([crossing.code, textbook.code]).toEqual([0, 0]);
    // 1 x 1.5 / sqrt(pi) = 0.846 periods^2 against 2.25
    expect(crossing.stdout).toMatch(/lead times: sampled per order around 3 periods, sd 1\.5; planned with independence 1 \(lead-time variance 0\.846284 against 2\.25/);
    const c = summaryOf(crossing.stdout);
    const t = summaryOf(textbook.stdout);
    expect(Math.abs(c.fill - 0.9)).toBeLessThanOrEqual(0.015); // 0.9011
    expect(t.fill).toBeGreaterThan(0.94); // 0.9544
    expect(t.onHand).toBeGreaterThan(1.3 * c.onHand); // 18.67 against 13.32
    // fixed lead times: nothing to say
    expect(run(['--demand', demand, '--lead-time', '3', '--review', '1', '--target-fill-rate', '0.9']).stdout).not.toMatch(/lead times:/);
  });

  it.each([
    ['y not a number', 'series_id,t,y\nA,1,5\nA,2,abc\n', /line 3: y must be a number >= 0/],
    ['negative y', 'series_id,t,y\nA,1,5\nA,2,-1\n', /line 3: y must be/],
    ['bad t', 'series_id,t,y\nA,1,5\nA,1.5,2\n', /line 3: t must be a whole number/],
    ['duplicate t', 'series_id,t,y\nA,1,5\nA,2,2\nA,2,3\n', /line 4: duplicate t=2 for series "A"/],
    ['missing column', 'series_id,period,y\nA,1,5\n', /line 1: header must have columns series_id,t,y \(missing: t\)/],
    ['short row', 'series_id,t,y\nA,1\n', /line 2: expected 3 columns/],
  ])('bad input file (%s) -> exit 2 naming the line', (_name, text, message) => {
    const r = run(['--demand', file(`bad-${_name.replace(/\W/g, '')}.csv`, text), '--lead-time', '1', '--review', '1', '--target-fill-rate', '0.9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it.each([
    [['--lead-time', '1', '--review', '1', '--target-fill-rate', '0.9'], /--demand <file> is required/],
    [['--demand', 'D', '--lead-time', '1.5', '--review', '1', '--target-fill-rate', '0.9'], /--lead-time must be a whole number/],
    [['--demand', 'D', '--lead-time', '1', '--review', '0', '--target-fill-rate', '0.9'], /--review must be/],
    [['--demand', 'D', '--lead-time', '1', '--review', '1', '--target-fill-rate', '1'], /--target-fill-rate must be/],
    [['--demand', 'D', '--lead-time', '1', '--review', '1'], /--target-fill-rate must be/],
    [['--demand', 'D', '--lead-time', '1', '--review', '1', '--target-fill-rate', '0.9', '--warmup', '20'], /warm-up 20 leaves nothing to simulate/],
    [['--demand', 'D', '--lead-time', '1', '--review', '1', '--target-fill-rate', '0.9', '--catch-up', '0'], /--catch-up must be a number of protection intervals > 0 \(got "0"\)/],
    [['--demand', 'missing.csv', '--lead-time', '1', '--review', '1', '--target-fill-rate', '0.9'], /cannot read missing\.csv/],
    [['--demand', 'D', '--lead-time', '1', '--lead-time-sd', '1', '--lead-time-independence', '2', '--review', '1', '--target-fill-rate', '0.9'], /--lead-time-independence must be a number from 0 to 1/],
  ])('bad options %j -> exit 2', (args, message) => {
    const d = file('ok.csv', `series_id,t,y\n${series('A', [1, 2, 3, 4, 5, 6])}\n`);
    const r = run(args.map((a) => (a === 'D' ? d : a)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('daily intermittent demand: intermittent items are forecast on review-period (or season) buckets, said in the summary', () => {
    // 12 parts selling 1-3 units on about one day in 12, 240 days (deterministic)
    let state = 3;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 4294967296;
    };
    const parts = Array.from({ length: 12 }, (_, k) => series(`P${k}`, Array.from({ length: 240 }, () => (next() < 0.085 ? 1 + Math.floor(next() * 3) : 0))));
    const demand = file('daily.csv', `series_id,t,y\n${parts.join('\n')}\n`);
    const common = ['--demand', demand, '--lead-time', '21', '--target-fill-rate', '0.9', '--output', path.join(dir, 'daily-out.csv')];
    const weekly = run([...common, '--review', '7']);
    expect(weekly.code).toBe(0);
    expect(weekly.stdout).toContain('forecast buckets: intermittent and lumpy items are forecast on their demand summed over 7 periods (the review period)');
    const nightly = run([...common, '--review', '1', '--season', '7']);
    expect(nightly.stdout).toContain('summed over 7 periods (the season)');
    const plain = run([...common, '--review', '1']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('forecast buckets');
  });

  it('--help documents the contract', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--demand', '--lead-time', '--lead-time-sd', '--lead-time-independence', '--review', '--target-fill-rate', '--warmup', '--season', '--output', '--no-calibrate', '--no-feedback', '--catch-up']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/safety\s+shift/);
    expect(r.stdout).toMatch(/demand is\s+scaled by a\s+factor \(smooth/);
    expect(r.stdout).toMatch(/summed over buckets of R\s+periods/);
    expect(r.stdout).toContain('series_id,fill_rate,cycle_service,avg_on_hand,stockout_periods,orders');
  });
});
