import { describe, expect, it } from 'vitest';
import { dormantPrior } from './dormant-prior.ts';
import { simulatePortfolio } from './simulate-portfolio.ts';
import { sesCountModel } from './ses-count-model.ts';

/** `wake` of `n` items sell 3 units in their last period, the rest never sell (10 periods). */
function catalogue(n: number, wake: number): Float64Array[] {
  return Array.from({ length: n }, (_, i) => Float64Array.from({ length: 10 }, (_, t) => (i < wake && t === 9 ? 3 : 0)));
}

describe('dormantPrior (hand-computed)', () => {
  it('launch quantity: the share of the launch windows served is (1 + S) / 11 here, so 0.9 -> 9 and 0.95 -> 10', () => {
    // L = 1, R = 1 (k = 2): every item launches at t = 9 after 9 silent periods, selling 1 (15 items)
    // or 10 (15 items) in its launch window (R = 1 period): 165 units; S serves 15 min(1, S) +
    // 15 min(10, S) = 15 (1 + S) of them for 1 <= S <= 10. The guard: all 30 items are silent
    // through the first half (periods 0..4) and sell in the second.
    const items = catalogue(30, 30).map((y, i) => Float64Array.from(y, (v) => (v > 0 ? (i < 15 ? 1 : 10) : 0)));
    const p = dormantPrior(items, 1, 1, 0.9);
    expect(p.silentItems).toBe(30);
    expect(p.wokenItems).toBe(30);
    expect(p.launches).toBe(30);
    expect(p.launchMean).toBeCloseTo(5.5, 12);
    expect(p.orderUpTo).toBe(9);
    expect(p.expectedFillRate).toBeCloseTo(1 - 1 / 11, 12);
    expect(dormantPrior(items, 1, 1, 0.95).orderUpTo).toBe(10);
  });

  it('covers the first order until the next review, not the protection interval after it', () => {
    // 60 items silent for 6 periods, then a first sale of 4 and 1 a period after it
    const items = Array.from({ length: 60 }, () => Float64Array.from({ length: 12 }, (_, t) => (t < 6 ? 0 : t === 6 ? 4 : 1)));
    // R = 1: the launch window is the first sale alone, whatever the lead time
    expect(dormantPrior(items, 1, 1, 0.9).orderUpTo).toBe(4);
    expect(dormantPrior(items, 3, 1, 0.9).orderUpTo).toBe(4);
    // R = 2: the sale and the period after it, until the first review that sees it
    expect(dormantPrior(items, 1, 2, 0.9)).toMatchObject({ orderUpTo: 5, launchMean: 5 });
    // a launch too close to the end to show its window does not count
    const late = Float64Array.from({ length: 12 }, (_, t) => (t === 11 ? 50 : 0));
    expect(dormantPrior([...items, late], 1, 2, 0.9)).toMatchObject({ orderUpTo: 5, launches: 60 });
  });

  it('holds nothing for a catalogue of dead listings (fewer than 1 - beta of the silent items wake)', () => {
    const p = dormantPrior(catalogue(30, 1), 1, 1, 0.95); // 1 of 30 silent items woke
    expect(p.orderUpTo).toBe(0);
    expect(p.expectedFillRate).toBeCloseTo(0, 12);
    expect(p.wokenItems).toBe(1);
    expect(dormantPrior(catalogue(30, 2), 1, 1, 0.95).orderUpTo).toBe(3); // 2 of 30 = 6.7 % >= 5 %
    expect(dormantPrior(catalogue(3, 3), 1, 1, 0.95).orderUpTo).toBe(0); // 3 silent items: too few
    // items that sell from their first period are not silent: no prior, whatever they sell
    const busy = Array.from({ length: 100 }, () => Float64Array.from({ length: 10 }, () => 500));
    expect(dormantPrior(busy, 1, 1, 0.95)).toMatchObject({ orderUpTo: 0, silentItems: 0 });
  });

  it('the same catalogue gets the same answer monthly and spread over days (the guard spans half the history, not one protection interval)', () => {
    // 24 months: 20 of 40 parts start selling in month 16 (2 a month), the rest never sell
    const monthly = Array.from({ length: 40 }, (_, i) => Float64Array.from({ length: 24 }, (_, t) => (i < 20 && t >= 16 ? 2 : 0)));
    // the same months as 30 days each, the month's units on its 15th day
    const daily = monthly.map((y) => Float64Array.from({ length: y.length * 30 }, (_, d) => (d % 30 === 14 ? y[Math.floor(d / 30)] : 0)));
    const m = dormantPrior(monthly, 1, 1, 0.95);
    const d = dormantPrior(daily, 21, 7, 0.95);
    expect([m.silentItems, m.wokenItems]).toEqual([40, 20]);
    expect([d.silentItems, d.wokenItems]).toEqual([40, 20]);
    expect(m.orderUpTo).toBe(2);
    expect(d.orderUpTo).toBe(2);
    // asked per protection interval, as the guard did before, the item-intervals with a sale within
    // L + R were 40 of 720 monthly (5.6 %, k = 2) but 560 of 22,640 daily (2.5 %, k = 28): under
    // 1 - 0.95, so the daily catalogue held nothing for the very same parts
  });

  it('the simulator stocks a never-sold item at the prior and says why', () => {
    const series = [
      ...catalogue(40, 40).map((y, i) => ({ id: `w${i}`, y: Float64Array.from([...y, 3, 3, 3, 3]) })),
      { id: 'new', y: Float64Array.from({ length: 14 }, (_, t) => (t === 11 ? 2 : 0)) },
    ];
    const opts = { model: sesCountModel(), leadTime: 1, reviewPeriod: 1, target: { kind: 'fill-rate' as const, rate: 0.95 }, warmup: 10 };
    const sim = simulatePortfolio(series, opts);
    expect(sim.dormant!.orderUpTo).toBe(3);
    const item = sim.results.find((x) => x.id === 'new')!;
    expect(item.r.served).toBe(2); // its first sale is served from the prior's 3 units
    const off = simulatePortfolio(series, { ...opts, dormantPrior: false });
    expect(off.dormant).toBeNull();
    expect(off.results.find((x) => x.id === 'new')!.r.served).toBe(0);
  });
});
