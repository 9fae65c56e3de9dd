import { describe, expect, it } from 'vitest';
import { dormantPrior } from './dormant-prior.ts';
import { simulatePortfolio } from './simulate-portfolio.ts';
import { sesCountModel } from './ses-count-model.ts';

/** `wake` of `n` items sell 3 units in their last period, the rest never sell (10 periods). */
function catalogue(n: number, wake: number): Float64Array[] {
  return Array.from({ length: n }, (_, i) => Float64Array.from({ length: 10 }, (_, t) => (i < wake && t === 9 ? 3 : 0)));
}

describe('dormantPrior (hand-computed)', () => {
  it('fill rate on the pooled samples: 1 - (10 - S) / 11 here, so 0.9 -> 9 and 0.95 -> 10', () => {
    // L = 1, R = 1 (k = 2): origins j = 2..8 per item (silent for >= k periods; 210 samples);
    // D_2 > 0 only at j = 8: 1 unit for 15 items, 10 for the other 15; D_1 = y[j] = 0 always.
    // Demand per cycle = 165 / 210; for 1 <= S <= 10 the shortage per cycle is 15 (10 - S) / 210,
    // so fill(S) = 1 - (10 - S) / 11.
    const items = catalogue(30, 30).map((y, i) => Float64Array.from(y, (v) => (v > 0 ? (i < 15 ? 1 : 10) : 0)));
    const p = dormantPrior(items, 1, 1, 0.9);
    expect(p.samples).toBe(210);
    expect(p.withDemand).toBe(30);
    expect(p.ratePerPeriod).toBeCloseTo(165 / 210 / 2, 12);
    expect(p.orderUpTo).toBe(9);
    expect(p.expectedFillRate).toBeCloseTo(1 - 1 / 11, 12);
    expect(dormantPrior(items, 1, 1, 0.95).orderUpTo).toBe(10);
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
