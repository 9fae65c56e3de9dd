import { describe, expect, it } from 'vitest';
import { calibrateOnHistory, replayFillRate, Z_MAX, Z_MIN } from './in-sample-calibration.ts';

describe('replayFillRate (hand-computed)', () => {
  it('constant level 2, k = 2, z = 0: S = 4 each period, lost sales', () => {
    // L = 1, R = 1. Start at 0 with on hand S = 4.
    // t0: order 4 - 4 = 0; demand 2 -> served 2, on hand 2.
    // t1: order 4 - 2 = 2 (arrives t2); demand 5 -> served 2, lost 3, on hand 0.
    // t2: receive 2; position 2 -> order 2; demand 1 -> served 1, on hand 1.
    // t3: receive 2 -> on hand 3, order 4 - 3 = 1; demand 3 -> served 3. Served 2 + 2 + 1 + 3 = 8.
    const y = Float64Array.from([2, 5, 1, 3]);
    const levels = Float64Array.from([2, 2, 2, 2]);
    const r = replayFillRate(y, levels, 0, 0, 2, 1, 1, 1, false);
    expect(r.demanded).toBe(11);
    expect(r.fill).toBeCloseTo(8 / 11, 12);
    // backorders: t1 backlog 3; t2 receive 2 -> clears 2 of backlog, position = 0 + 0 - 1 -> order 5;
    // demand 1 -> unmet, backlog 2; t3 receive 5 -> clears backlog, on hand 3, demand 3 served.
    // Served from stock on arrival of demand: 2 + 2 + 0 + 3 = 7.
    const b = replayFillRate(y, levels, 0, 0, 2, 1, 1, 1, true);
    expect(b.fill).toBeCloseTo(7 / 11, 12);
  });

  it('fill rate never decreases with z', () => {
    const y = Float64Array.from({ length: 60 }, (_, i) => [0, 3, 1, 0, 7, 2, 0, 0, 4, 1][i % 10]);
    const levels = Float64Array.from(y, () => 1.8);
    let prev = -1;
    for (let z = Z_MIN; z <= Z_MAX; z += 0.25) {
      const f = replayFillRate(y, levels, 0, z, 3, 2, 2, 1, false).fill;
      expect(f).toBeGreaterThanOrEqual(prev);
      prev = f;
    }
  });
});

describe('calibrateOnHistory', () => {
  const y = Float64Array.from({ length: 48 }, (_, i) => [0, 3, 1, 0, 7, 2, 0, 0, 4, 1, 2, 5][i % 12]);

  it('returns the smallest z whose replayed fill reaches the target, and a higher z for a higher target', () => {
    const a = calibrateOnHistory({ history: y, leadTime: 2, reviewPeriod: 1, fillRate: 0.9, levelNow: 2.1, protectionVariance: 20, minCycles: 12 })!;
    const b = calibrateOnHistory({ history: y, leadTime: 2, reviewPeriod: 1, fillRate: 0.98, levelNow: 2.1, protectionVariance: 20, minCycles: 12 })!;
    expect(a.replayedFillRate).toBeGreaterThanOrEqual(0.9);
    expect(b.replayedFillRate).toBeGreaterThanOrEqual(0.98);
    expect(b.z).toBeGreaterThan(a.z);
    expect(a.orderUpTo).toBeCloseTo(3 * 2.1 + a.z * Math.sqrt(20), 9);
  });

  it('returns null for a replay shorter than MIN_REPLAY_CYCLES review cycles', () => {
    expect(calibrateOnHistory({ history: y, leadTime: 2, reviewPeriod: 1, fillRate: 0.9, levelNow: 2.1, protectionVariance: 20 })).toBeNull();
  });

  it('returns null without demand to measure', () => {
    expect(calibrateOnHistory({ history: new Float64Array(30), leadTime: 1, reviewPeriod: 1, fillRate: 0.9, levelNow: 0, protectionVariance: 0 })).toBeNull();
  });
});
