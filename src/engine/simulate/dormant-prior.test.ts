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
    // 15 min(10, S) = 15 (1 + S) of them for 1 <= S <= 10. The guard's samples: origins j = 2..8
    // per item (210), D_2 > 0 only at j = 8.
    const items = catalogue(30, 30).map((y, i) => Float64Array.from(y, (v) => (v > 0 ? (i < 15 ? 1 : 10) : 0)));
    const p = dormantPrior(items, 1, 1, 0.9);
    expect(p.samples).toBe(210);
    expect(p.withDemand).toBe(30);
    expect(p.ratePerPeriod).toBeCloseTo(165 / 210 / 2, 12);
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

  it('holds nothing for a catalogue of dead listings (fewer than 1 - beta of the samples see demand)', () => {
    const p = dormantPrior(catalogue(30, 1), 1, 1, 0.95); // 1 of 210 samples
    expect(p.orderUpTo).toBe(0);
    expect(p.expectedFillRate).toBeCloseTo(0, 12);
    expect(dormantPrior(catalogue(3, 3), 1, 1, 0.95).orderUpTo).toBe(0); // 21 samples: too few
    // items that sell from their first period give no samples at all: no prior, whatever they sell
    const busy = Array.from({ length: 100 }, () => Float64Array.from({ length: 10 }, () => 500));
    expect(dormantPrior(busy, 1, 1, 0.95)).toMatchObject({ orderUpTo: 0, samples: 0 });
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
