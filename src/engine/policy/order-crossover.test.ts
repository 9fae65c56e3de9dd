import { describe, expect, it } from 'vitest';
import { createRng } from '../stats/index.ts';
import { effectiveLeadTimeVariance, orderCrossingEvidence, type DeliveredOrder } from './order-crossover.ts';

describe('effectiveLeadTimeVariance', () => {
  it('uses T sigma / sqrt(pi) for independent lead times wider than the order interval, sigma^2 otherwise, mixed by the independence', () => {
    // weekly orders, lead time sd 15 days: 7 x 15 / sqrt(pi) = 59.2399 against 225
    expect(effectiveLeadTimeVariance(15, 7, 1)).toBeCloseTo(59.2399, 4);
    expect(effectiveLeadTimeVariance(15, 7, 0)).toBe(225);
    expect(effectiveLeadTimeVariance(15, 7, 0.5)).toBeCloseTo((59.2399 + 225) / 2, 4);
    // monthly orders, sd 2 days: orders do not overlap by more than the spread, the textbook term
    expect(effectiveLeadTimeVariance(2, 30, 1)).toBe(4);
    // the two meet at T = sqrt(pi) sigma
    expect(effectiveLeadTimeVariance(10, Math.sqrt(Math.PI) * 10, 1)).toBeCloseTo(100, 9);
    expect(effectiveLeadTimeVariance(0, 7, 1)).toBe(0);
  });

  it('refuses bad input', () => {
    expect(() => effectiveLeadTimeVariance(-1, 7, 1)).toThrow(/sd/);
    expect(() => effectiveLeadTimeVariance(5, 0, 1)).toThrow(/interval/);
    expect(() => effectiveLeadTimeVariance(5, 7, 1.2)).toThrow(/independence/);
  });
});

describe('orderCrossingEvidence', () => {
  it('counts overlapping and crossed pairs and the crossings independence predicts (by hand)', () => {
    // placed 0, 5, 10; received 30, 25, 40: all three pairs overlap, (0, 5) crossed
    const e = orderCrossingEvidence(
      [
        { placedDay: 10, receivedDay: 40 },
        { placedDay: 0, receivedDay: 30 },
        { placedDay: 5, receivedDay: 25 },
      ],
      10,
    );
    expect(e.overlapping).toBe(3);
    expect(e.crossed).toBe(1);
    // 1 - Phi(5.5 / 14.142) twice + 1 - Phi(10.5 / 14.142)
    expect(e.expected).toBeCloseTo(2 * 0.348681 + 0.228849, 4);
    expect(e.independence).toBeNull(); // fewer than 5 crossings expected: no judgement
  });

  const weekly = (n: number, lead: (k: number) => number): DeliveredOrder[] => Array.from({ length: n }, (_, k) => ({ placedDay: 7 * k, receivedDay: 7 * k + lead(k) }));

  it('finds independent lead times independent, and sequential deliveries or a shared delay not', () => {
    const rng = createRng(7);
    const draws = Array.from({ length: 150 }, () => Math.max(1, Math.round(60 + 12 * rng.normal())));
    const iid = orderCrossingEvidence(weekly(150, (k) => draws[k]), 12);
    expect(iid.expected).toBeGreaterThan(50);
    expect(iid.independence).toBeGreaterThan(0.85);
    // the same draws delivered in sequence (an order never arrives before the one placed earlier)
    let last = -Infinity;
    const fifo = weekly(150, (k) => draws[k]).map((o) => ({ placedDay: o.placedDay, receivedDay: (last = Math.max(last, o.receivedDay)) }));
    const seq = orderCrossingEvidence(fifo, 12);
    expect(seq.crossed).toBe(0);
    expect(seq.independence).toBe(0);
    // a delay shared by every order in transit (a slow season): spread without crossings
    const shared = orderCrossingEvidence(weekly(150, (k) => 60 + Math.round(12 * Math.sin(k / 8))), 8.5);
    expect(shared.independence).toBeLessThan(0.1);
  });

  it('gives no judgement without spread or with orders that never overlap', () => {
    expect(orderCrossingEvidence(weekly(50, () => 30), 0)).toEqual({ overlapping: 190, crossed: 0, expected: 0, independence: null });
    const sparse = orderCrossingEvidence(Array.from({ length: 20 }, (_, k) => ({ placedDay: 100 * k, receivedDay: 100 * k + 20 })), 3);
    expect(sparse.overlapping).toBe(0);
    expect(sparse.independence).toBeNull();
  });
});
