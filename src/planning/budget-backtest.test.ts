import { describe, expect, it } from 'vitest';
import { nbSeries } from '../../test/helpers/nb-series.ts';
import { backtestBudget, type BudgetSeries } from './budget-backtest.ts';

/** Eight Poisson-like sellers (2 a day, 14-day lead time), two of them dear and two with a wide margin. */
function catalogue(days = 280): BudgetSeries[] {
  return Array.from({ length: 8 }, (_, i) => ({ y: nbSeries(days, 2, 1, 500 + i), leadTimeDays: 14, unitCost: i < 2 ? 10 : 2, price: i >= 6 ? 12 : i < 2 ? 15 : 3 }));
}
const opts = { reviewPeriodDays: 7, refit: 7, warmup: 140, firstWeekday: 1, season: 1, seed: 3, template: { target: { kind: 'fill-rate' as const, level: 0.95 }, orderWeekdays: [1], leadTimeIndependence: 1 } };

describe('backtestBudget', () => {
  it('a budget above every order changes nothing: every strategy replays the unconstrained plan', () => {
    const out = backtestBudget(catalogue(), { ...opts, budgetPerOrderDay: 1e9 });
    expect(out.map((o) => o.strategy)).toEqual(['none', 'marginal', 'pro-rata', 'urgency']);
    for (const o of out.slice(1)) expect({ ...o, strategy: 'none' }).toEqual(out[0]);
    expect(out[0].served / out[0].demanded).toBeGreaterThan(0.9);
  });

  it('within a tight budget every strategy spends at most it each Monday, and the marginal allocation serves the most margin', () => {
    const [ref] = backtestBudget(catalogue(), { ...opts, budgetPerOrderDay: 0, strategies: ['none'] });
    const mondays = 20;
    const budget = (0.6 * ref.spent) / mondays;
    const out = backtestBudget(catalogue(), { ...opts, budgetPerOrderDay: budget, strategies: ['marginal', 'pro-rata', 'urgency'] });
    for (const o of out) {
      expect(o.spent).toBeLessThanOrEqual(budget * mondays + 1e-6);
      expect(o.served).toBeLessThan(ref.served);
    }
    const [marginal, proRata, urgency] = out;
    expect(marginal.margin).toBeGreaterThan(proRata.margin);
    expect(marginal.margin).toBeGreaterThan(urgency.margin);
  });

  it("suppliers' minimum order values: a PO below one is refused under every strategy; the repair keeps orders placeable and serves more", () => {
    // the two dear sellers come from one supplier whose POs must be worth at least 200.00
    const withSuppliers = catalogue().map((s, i) => ({ ...s, supplier: i < 2 ? 'DEAR' : 'CHEAP' }));
    const mins = new Map([['DEAR', 200]]);
    const [ref] = backtestBudget(withSuppliers, { ...opts, budgetPerOrderDay: 0, strategies: ['none'] });
    const budget = (0.6 * ref.spent) / 20;
    // without minimums the repair has nothing to do: the two allocations are the same
    const [a, b] = backtestBudget(withSuppliers, { ...opts, budgetPerOrderDay: budget, strategies: ['marginal', 'marginal-no-repair'] });
    expect({ ...b, strategy: 'marginal' }).toEqual(a);
    const [repaired, unrepaired, proRata] = backtestBudget(withSuppliers, { ...opts, budgetPerOrderDay: budget, strategies: ['marginal', 'marginal-no-repair', 'pro-rata'], minOrderValues: mins });
    for (const o of [repaired, unrepaired, proRata]) expect(o.spent).toBeLessThanOrEqual(budget * 20 + 1e-6);
    // refused POs are money not spent and units not bought: the repair spends more and serves more
    expect(repaired.spent).toBeGreaterThan(unrepaired.spent);
    expect(repaired.served).toBeGreaterThan(unrepaired.served);
    expect(repaired.margin).toBeGreaterThan(unrepaired.margin);
  });

  it('a budget of 0 orders nothing: what is served is the first plan\'s stock', () => {
    const [o] = backtestBudget(catalogue(), { ...opts, budgetPerOrderDay: 0, strategies: ['marginal'] });
    expect([o.spent, o.orders]).toEqual([0, 0]);
    expect(o.served / o.demanded).toBeLessThan(0.5);
    expect(() => backtestBudget(catalogue(), { ...opts, budgetPerOrderDay: -1 })).toThrow(RangeError);
  });
});
