/**
 * ETS against reference values from R's forecast 8.20 (bench/r/reference-values.R ->
 * test/fixtures/forecast/ets-reference.json): likelihood/AICc and forecasts at R's fitted
 * parameters must agree to rounding; our own maximum-likelihood fit must be at least as good as
 * R's (AICc no higher), and automatic selection must reach an AICc no worse than R's choice.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EtsParams, EtsSpec } from './ets-core.ts';
import { autoEts } from './ets-auto.ts';
import { fitEtsLinear, isLinearEts } from './ets-fit-linear.ts';
import { evaluateEts, fitEts, forecastEts } from './ets-fit.ts';

interface RFit {
  model: string;
  alpha: number;
  beta: number | null;
  gamma: number | null;
  phi: number | null;
  initstate: number | number[];
  loglik: number;
  aicc: number;
  sigma2: number;
  mean: number[];
  lower95: number[];
  upper95: number[];
}
interface RSeries {
  y: number[];
  m: number;
  fits: RFit[];
  auto: { model: string; aicc: number; mean: number[] };
}
const ref: Record<string, RSeries> = JSON.parse(readFileSync(new URL('../../../test/fixtures/forecast/ets-reference.json', import.meta.url), 'utf8'));

function specOf(model: string, m: number): EtsSpec {
  const mt = /ETS\((\w),(\w+),(\w)\)/.exec(model)!;
  return { error: mt[1] as 'A' | 'M', trend: mt[2] as 'N' | 'A' | 'Ad', season: mt[3] as 'N' | 'A' | 'M', m: mt[3] === 'N' ? 1 : m };
}
/** R's state vector (l, b, s1..sm with s1 most recent) -> our parameters (season in observation order). */
function paramsOf(f: RFit, spec: EtsSpec): EtsParams {
  const init = ([] as number[]).concat(f.initstate);
  let i = 0;
  const l0 = init[i++];
  const b0 = spec.trend !== 'N' ? init[i++] : 0;
  return { alpha: f.alpha, beta: f.beta ?? 0, gamma: f.gamma ?? 0, phi: f.phi ?? 1, l0, b0, season0: Float64Array.from(init.slice(i).reverse()) };
}
const Z95 = 1.959963984540054;
const cases = Object.entries(ref).flatMap(([name, s]) => s.fits.map((f) => ({ name, s, f, label: `${name} ${f.model}` })));

describe('ETS recursions at R parameters', () => {
  it.each(cases)('$label: AICc, log-likelihood and sigma² equal R', ({ s, f }) => {
    const spec = specOf(f.model, s.m);
    const fit = evaluateEts(s.y, spec, paramsOf(f, spec));
    expect(fit.aicc).toBeCloseTo(f.aicc, 6);
    expect(-0.5 * fit.lik).toBeCloseTo(f.loglik, 6);
    expect(fit.sigma2 / f.sigma2).toBeCloseTo(1, 9);
  });

  it.each(cases)('$label: point forecasts equal R', ({ s, f }) => {
    const spec = specOf(f.model, s.m);
    const fc = forecastEts(evaluateEts(s.y, spec, paramsOf(f, spec)), 18);
    // R reports the simulated/exact mean for multiplicative-season models beyond the first
    // season; the recursion's point forecast equals R's within the first m steps there.
    const exact = spec.season !== 'M';
    for (let j = 0; j < 18; j++) {
      const rel = Math.abs(fc.mean[j] - f.mean[j]) / Math.abs(f.mean[j]);
      if (exact) expect(rel).toBeLessThan(1e-10);
      else expect(rel).toBeLessThan(j < spec.m ? 3e-3 : 1.5e-2);
    }
  });

  it.each(cases.filter((c) => isLinearEts(specOf(c.f.model, c.s.m))))('$label: 95% interval variance equals R (linear model)', ({ s, f }) => {
    const spec = specOf(f.model, s.m);
    const fc = forecastEts(evaluateEts(s.y, spec, paramsOf(f, spec)), 18);
    // (R's ETS(A,N,A) interval at step m alone is off by up to 5e-4 relative — an R quirk; the
    // steps before and after it agree to 1e-13, so step m is not compared.)
    for (const j of [0, 4, 10, 12, 17]) {
      const rVar = ((f.upper95[j] - f.lower95[j]) / (2 * Z95)) ** 2;
      expect(fc.variance[j] / rVar).toBeCloseTo(1, 6);
    }
  });

  it.each(cases.filter((c) => !isLinearEts(specOf(c.f.model, c.s.m))))('$label: approximate variance within 25% of R', ({ s, f }) => {
    const spec = specOf(f.model, s.m);
    const fc = forecastEts(evaluateEts(s.y, spec, paramsOf(f, spec)), 18);
    for (const j of [0, 5]) {
      const rVar = ((f.upper95[j] - f.lower95[j]) / (2 * Z95)) ** 2;
      expect(Math.abs(fc.variance[j] / rVar - 1)).toBeLessThan(0.25);
    }
  });
});

describe('ETS maximum likelihood fit', () => {
  it.each(cases)('$label: our AICc is no higher than R (tolerance 0.05)', ({ s, f }) => {
    const spec = specOf(f.model, s.m);
    const fit = isLinearEts(spec) ? fitEtsLinear(s.y, spec) : fitEts(s.y, spec);
    expect(fit).not.toBeNull();
    expect(fit!.aicc).toBeLessThanOrEqual(f.aicc + 0.05);
  });

  it.each(Object.entries(ref).map(([name, s]) => ({ name, s })))('$name: automatic selection reaches an AICc no worse than R ets()', ({ s }) => {
    const { best } = autoEts(s.y, s.m);
    expect(best).not.toBeNull();
    expect(best!.aicc).toBeLessThanOrEqual(s.auto.aicc + 0.05);
  });

  it('restores R-identical results when R picks the same model (LakeHuron, ETS(A,N,N))', () => {
    const s = ref.LakeHuron;
    const { best } = autoEts(s.y, s.m);
    expect(best!.name).toBe(s.auto.model);
    const fc = forecastEts(best!, 18);
    for (let j = 0; j < 18; j++) expect(fc.mean[j]).toBeCloseTo(s.auto.mean[j], 2);
  });

  it('treats NaN as missing: dropping an observation changes the likelihood count, not the fit domain', () => {
    const y = ref.WWWusage.y.slice();
    y[40] = NaN;
    const spec: EtsSpec = { error: 'A', trend: 'Ad', season: 'N', m: 1 };
    const fit = fitEtsLinear(y, spec)!;
    expect(fit.nObs).toBe(y.length - 1);
    expect(Number.isFinite(fit.aicc)).toBe(true);
    const fc = forecastEts(fit, 5);
    expect(fc.mean.every((v) => Number.isFinite(v))).toBe(true);
  });
});
