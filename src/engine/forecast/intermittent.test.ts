/**
 * Croston / SBA / TSB. Croston with fixed α is checked against R's forecast::croston on
 * carparts series (test/fixtures/forecast/croston-reference.json).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIN_BUCKETS, forecastIntermittentBuckets, forecastIntermittent } from './intermittent.ts';

const ref: Record<string, { y: number[]; croston01: number[]; croston03: number[] }> = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/forecast/croston-reference.json', import.meta.url), 'utf8'),
);
const series = Object.entries(ref).map(([id, s]) => ({ id, s }));

describe('Croston family', () => {
  it.each(series)('carparts $id: Croston(α=0.1 and 0.3) equals R croston()', ({ s }) => {
    expect(forecastIntermittent(s.y, 6, 'Croston', { alpha: 0.1 }).mean[0]).toBeCloseTo(s.croston01[0], 10);
    expect(forecastIntermittent(s.y, 6, 'Croston', { alpha: 0.3 }).mean[0]).toBeCloseTo(s.croston03[0], 10);
  });

  it.each(series)('carparts $id: SBA = Croston × (1 - α/2)', ({ s }) => {
    expect(forecastIntermittent(s.y, 6, 'SBA', { alpha: 0.1 }).mean[0]).toBeCloseTo(s.croston01[0] * 0.95, 10);
  });

  it('hand example: sizes 4, 6 with intervals 2, 2 and α = 0.5', () => {
    // first demand at t=2 (interval 2), second at t=4 (interval 2): z = 4 + 0.5(6-4) = 5, p = 2
    expect(forecastIntermittent([0, 4, 0, 6], 1, 'Croston', { alpha: 0.5 }).mean[0]).toBeCloseTo(2.5, 12);
  });

  it('TSB decays towards zero after demand stops; Croston does not', () => {
    const y = [3, 0, 2, 4, 0, 3, 2, 0, 3, 0, ...new Array(20).fill(0)];
    const tsb = forecastIntermittent(y, 1, 'TSB', { alpha: 0.2, beta: 0.2 }).mean[0];
    const cro = forecastIntermittent(y, 1, 'Croston', { alpha: 0.2 }).mean[0];
    expect(tsb).toBeLessThan(0.05);
    expect(cro).toBeGreaterThan(1);
  });

  it('TSB on a history with one or two demands does not fit its decay to the zeros after them', () => {
    // a daily part: 2 units 12 days ago, nothing else in the year. Started at that demand, the
    // fit saw only zeros and chose the fastest decay (beta 0.6): 2e-7 a day
    const one = new Array(365).fill(0);
    one[352] = 2;
    const f1 = forecastIntermittent(one, 21, 'TSB');
    expect(f1.params.beta).toBeLessThan(0.1);
    expect(f1.mean[0]).toBeGreaterThan(2 / 365 / 2);
    expect(f1.mean[0]).toBeLessThan(0.05);
    // two demands: the second counts an error either way; the mean start still keeps the rate
    const two = new Array(365).fill(0);
    two[150] = 1;
    two[340] = 3;
    const f2 = forecastIntermittent(two, 21, 'TSB');
    expect(f2.params.beta).toBeLessThan(0.1);
    expect(f2.mean[0]).toBeGreaterThan(4 / 365 / 2);
    // with more demands the first one starts the fit, as before (the decay test above)
  });

  it('buckets (ADIDA): the fit of the bucket totals, read back per period', () => {
    // 2 leftover days (left out), then 5 weeks
    const weeks = [[0, 0, 3, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 2, 0, 0], [0, 0, 0, 0, 0, 4, 0], [0, 1, 0, 0, 0, 0, 0]];
    const y = [9, 9, ...weeks.flat()];
    const f = forecastIntermittentBuckets(y, 30, 'TSB', 7)!;
    const ref = forecastIntermittent([3, 0, 3, 4, 1], 5, 'TSB');
    expect(f.model).toBe('TSB(weekly)');
    expect(f.params).toMatchObject({ alpha: ref.params.alpha, beta: ref.params.beta, bucket: 7, sigma2_bucket: ref.params.sigma2 });
    // sigma2 per period, as the other models report it
    expect(f.params.sigma2).toBeCloseTo(ref.params.sigma2 / 7, 12);
    expect(f.mean[0]).toBeCloseTo(ref.mean[0] / 7, 12);
    // whole buckets: the bucket fit's own variance of its sums
    expect(f.cumVariance[6]).toBeCloseTo(ref.cumVariance[0], 12);
    expect(f.cumVariance[13]).toBeCloseTo(ref.cumVariance[1], 12);
    expect(f.cumVariance[20]).toBeCloseTo(ref.cumVariance[2], 12);
    expect(f.mean.length).toBe(30);
  });

  it('buckets: a partly missing bucket is scaled to its whole length, a wholly missing one is missing', () => {
    const nan = NaN;
    const y = [...[0, 2, 0, 0, 0, 0, 0], ...[nan, nan, nan, nan, nan, nan, nan], ...[1, nan, nan, nan, nan, nan, nan], ...[0, 0, 0, 0, 0, 0, 3], ...[0, 0, 1, 0, 0, 0, 0]];
    const f = forecastIntermittentBuckets(y, 7, 'TSB', 7)!;
    // the second week drops out, the third is 1 of 1 observed day -> 7
    const ref = forecastIntermittent([2, 7, 3, 1], 1, 'TSB');
    expect(f.mean[0]).toBeCloseTo(ref.mean[0] / 7, 12);
  });

  it(`buckets: fewer than ${MIN_BUCKETS} buckets -> null (the caller fits the periods)`, () => {
    expect(forecastIntermittentBuckets(new Array(27).fill(1), 7, 'TSB', 7)).toBeNull();
    expect(forecastIntermittentBuckets(new Array(28).fill(1), 7, 'TSB', 7)).not.toBeNull();
    expect(() => forecastIntermittentBuckets([1, 2], 7, 'TSB', 0)).toThrow(/bucket/);
  });

  it('optimised α has no larger in-sample MSE than R default 0.1', () => {
    for (const { s } of series) {
      const opt = forecastIntermittent(s.y, 1, 'SBA');
      const fixed = forecastIntermittent(s.y, 1, 'SBA', { alpha: 0.1 });
      expect(opt.params.sigma2).toBeLessThanOrEqual(fixed.params.sigma2 + 1e-12);
    }
  });

  it('horizon variance grows with k (iid noise) plus k² (level uncertainty)', () => {
    const f = forecastIntermittent([0, 2, 0, 0, 1, 0, 3, 0, 0, 2, 0, 1], 4, 'SBA', { alpha: 0.2 });
    const s2 = f.params.sigma2;
    const vf = (s2 * 0.2) / 1.8;
    expect(f.cumVariance[3]).toBeCloseTo(4 * s2 + 16 * vf, 12);
    expect(f.variance[0]).toBeCloseTo(s2 + vf, 12);
  });

  it('ignores missing periods and forecasts 0 for a series without demand', () => {
    expect(forecastIntermittent([0, 0, NaN, 0], 2, 'TSB').mean[0]).toBe(0);
    const a = forecastIntermittent([0, 2, NaN, 0, 2], 1, 'Croston', { alpha: 0.1 }).mean[0];
    const b = forecastIntermittent([0, 2, 0, 2], 1, 'Croston', { alpha: 0.1 }).mean[0];
    expect(a).toBe(b);
  });
});
