import { describe, expect, it } from 'vitest';
import { nbSeries } from '../../test/helpers/nb-series.ts';
import { backtestPlanPolicy, type BacktestOptions } from './plan-backtest.ts';

/** Pooled fill rate, mean on hand and orders per series of `count` Poisson series under the plan's policy. */
function pooled(rate: number, count: number, opts: BacktestOptions, leadTimeDays = 14) {
  let served = 0;
  let demanded = 0;
  let onHand = 0;
  let orders = 0;
  let days = 0;
  for (let i = 0; i < count; i++) {
    const o = backtestPlanPolicy({ y: nbSeries(420, rate, 1, 100 + i), leadTimeDays }, opts);
    served += o.served;
    demanded += o.demanded;
    onHand += o.avgOnHand;
    orders += o.orders;
    days = o.days;
  }
  return { fill: served / demanded, onHand: onHand / count, ordersPerSeries: orders / count, days };
}

describe('backtestPlanPolicy: the plan delivers the fill rate its policy promises', () => {
  // Stationary Poisson demand is the case the formulas are exact for (up to the min/max heuristic
  // and the first-order lost-sales correction): the plan has to land on its target there. The
  // earlier levels (s over lead time + review period, then S = s + Q) delivered 99-100 % here.
  it.each([0.9, 0.95])('Poisson 4/day, 14-day lead time, 7-day order cycle, lost sales: fill within 1.5 points of %s', (target) => {
    const r = pooled(4, 24, { fillRate: target, reviewPeriodDays: 7, refit: 7, model: 'ses', season: 1 });
    expect(r.days).toBe(210);
    expect(Math.abs(r.fill - target)).toBeLessThanOrEqual(0.015);
    // one order about every order cycle (R = 7 days): 30 cycles in 210 days
    expect(r.ordersPerSeries).toBeGreaterThan(20);
    expect(r.ordersPerSeries).toBeLessThan(40);
  });

  it('with backorders (no lost-sales correction) it lands up to 2.5 points under: the undershoot of s between nightly runs is ignored', () => {
    // measured: 88.9 % at 0.90 (lost sales with the correction: 88.7 %); the min/max heuristic treats
    // the position as reaching s exactly, while a day's demand (4 units) takes it below first
    const bo = pooled(4, 24, { fillRate: 0.9, reviewPeriodDays: 7, refit: 7, model: 'ses', season: 1, backorders: true });
    expect(bo.fill).toBeGreaterThanOrEqual(0.875);
    expect(bo.fill).toBeLessThanOrEqual(0.905);
  });

  it('refuses a bad warm-up or refit', () => {
    const y = nbSeries(30, 2, 1, 1);
    expect(() => backtestPlanPolicy({ y, leadTimeDays: 3 }, { fillRate: 0.9, reviewPeriodDays: 7, warmup: 30 })).toThrow(/warm-up/);
    expect(() => backtestPlanPolicy({ y, leadTimeDays: 3 }, { fillRate: 0.9, reviewPeriodDays: 7, refit: 0 })).toThrow(/refit/);
  });
});
