/**
 * Golden values: the design document's worked example and Snyder & Shen (2019) examples as
 * reproduced by stockpyl (eoq.py, newsvendor.py, rq.py doctests).
 */
import { describe, expect, it } from 'vitest';
import { normalDistribution } from '../stats/index.ts';
import { continuousReview } from './continuous-review.ts';
import { economicOrderQuantity } from './eoq.ts';
import { protectionDemandMoments } from './lead-time-demand.ts';
import { newsvendor } from './newsvendor.ts';
import { rqCostNormal, rqCostPoisson, rqEilApproximation, rqPoissonExact } from './rq-optimization.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('worked example: 8 units/day, 21-day lead time', () => {
  it('reorder point = 168 + safety stock; 95% cycle service with sd 3/day, fixed lead time', () => {
    const m = protectionDemandMoments({ mean: 8, sd: 3 }, { mean: 21 });
    expect(m.mean).toBe(168);
    expect(m.variance).toBe(189);
    const r = continuousReview({ demand: { mean: 8, sd: 3 }, leadTime: { mean: 21 }, target: { kind: 'cycle-service', level: 0.95 }, orderQuantity: 100 });
    // SS = z_0.95 * 3 * sqrt(21) = 1.6448536269514722 * 13.74772708486752
    expect(r.safetyStock).toBeCloseTo(22.612998757883332, 10);
    expect(r.reorderPoint).toBeCloseTo(190.61299875788333, 10);
    expect(r.reorderPointUnits).toBe(191);
    expect(r.explanation.protectionDemand.mean).toBe(168);
    expect(r.explanation.safetyFactor).toBeCloseTo(1.6448536269514722, 12);
    expect(r.explanation.leadTime).toEqual({ mean: 21, sd: 0 });
    expect(r.explanation.demandPerPeriod).toEqual({ mean: 8, sd: 3 });
  });
  it('lead-time spread adds mu^2 Var(L): sd 4 days -> variance 21*9 + 64*16 = 1213', () => {
    const r = continuousReview({ demand: { mean: 8, sd: 3 }, leadTime: { mean: 21, sd: 4 }, target: { kind: 'cycle-service', level: 0.95 }, orderQuantity: 100 });
    expect(r.explanation.protectionDemand.sd).toBeCloseTo(Math.sqrt(1213), 12);
    expect(r.safetyStock).toBeCloseTo(57.28720808188976, 10);
    expect(r.reorderPoint - r.safetyStock).toBeCloseTo(168, 12);
  });
});

describe('Snyder & Shen examples (stockpyl values)', () => {
  it('EOQ, example 3.1: K=8, h=0.225, lambda=1300', () => {
    const { orderQuantity, cost } = economicOrderQuantity(8, 0.225, 1300);
    expect(rel(orderQuantity, 304.0467800264368)).toBeLessThan(1e-14);
    expect(rel(cost, 68.41052550594829)).toBeLessThan(1e-14);
  });

  it('newsvendor, example 4.1: h=0.18, p=0.70, D ~ N(50, 8^2)', () => {
    const r = newsvendor(0.18, 0.7, normalDistribution(50, 8));
    expect(rel(r.orderQuantity, 56.60395592743389)).toBeLessThan(1e-14);
    expect(rel(r.cost, 1.9976051931766445)).toBeLessThan(1e-12);
    expect(r.explanation.policy).toBe('newsvendor');
    expect(r.criticalRatio).toBeCloseTo(0.7 / 0.88, 15);
  });

  const ex52 = { holdingCost: 0.225, stockoutCost: 7.5, fixedCost: 8, demandMean: 1300, demandSd: 150, leadTime: 1 / 12 };

  it('(r, Q) EIL approximation, example 5.2 -> r = 213.97, Q = 318.59, cost 95.451', () => {
    const r = rqEilApproximation(ex52);
    expect(r.reorderPoint).toBeCloseTo(213.97, 2);
    expect(r.orderQuantity).toBeCloseTo(318.59, 2);
    expect(r.cost).toBeCloseTo(95.451, 3);
    // stockpyl (tolerance 1e-6 on its iteration): (213.97044213580244, 318.5901810768729, 95.45114022285196)
    expect(Math.abs(r.reorderPoint - 213.97044213580244)).toBeLessThan(1e-5);
    expect(Math.abs(r.orderQuantity - 318.5901810768729)).toBeLessThan(1e-5);
    expect(Math.abs(r.cost - 95.45114022285196)).toBeLessThan(1e-6);
  });

  it('(r, Q) exact normal cost, example 5.1: g(126.8, 328.5) = 78.07116250928294', () => {
    expect(rel(rqCostNormal(126.8, 328.5, ex52), 78.07116250928294)).toBeLessThan(1e-9);
  });

  it('(r, Q) Poisson exact, example 5.8: h=20, p=150, K=100, lambda=1.5, L=2 -> r=3, Q=5, cost 107.92', () => {
    const inputs = { holdingCost: 20, stockoutCost: 150, fixedCost: 100, demandMean: 1.5, leadTime: 2 };
    const r = rqPoissonExact(inputs);
    expect(r.reorderPoint).toBe(3);
    expect(r.orderQuantity).toBe(5);
    expect(r.cost).toBeCloseTo(107.92, 2);
    expect(rel(r.cost, 107.92358063314975)).toBeLessThan(1e-12);
    expect(rel(rqCostPoisson(3, 5, inputs), 107.92358063314975)).toBeLessThan(1e-12);
    // optimality: neighbours cost more
    for (const [dr, dq] of [[-1, 0], [1, 0], [0, -1], [0, 1], [-1, 1], [1, -1]]) {
      expect(rqCostPoisson(3 + dr, 5 + dq, inputs)).toBeGreaterThan(r.cost);
    }
  });
});

describe('explanations on every result', () => {
  it('EOQ and (r, Q) results carry their inputs', () => {
    expect(economicOrderQuantity(8, 0.225, 1300).explanation.policy).toBe('eoq');
    const r = rqPoissonExact({ holdingCost: 20, stockoutCost: 150, fixedCost: 100, demandMean: 1.5, leadTime: 2 });
    expect(r.explanation).toMatchObject({ policy: 'rq-poisson-exact', reorderPoint: 3, orderQuantity: 5, protectionDemand: { mean: 3, family: 'poisson' } });
    const e = rqEilApproximation({ holdingCost: 0.225, stockoutCost: 7.5, fixedCost: 8, demandMean: 1300, demandSd: 150, leadTime: 1 / 12 });
    expect(e.explanation.protectionDemand.mean).toBeCloseTo(1300 / 12, 10);
    expect(e.explanation.safetyStock).toBeCloseTo(e.reorderPoint - 1300 / 12, 10);
  });
});
