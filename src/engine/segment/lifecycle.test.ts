import { describe, expect, it } from 'vitest';
import { classifyLifecycle, LIFECYCLE_RULES, type LifecycleInput } from './lifecycle.ts';

/** 365 days of demand: `rate(d)` on day d (0 = the oldest), recorded from `first`. */
function window(rate: (d: number) => number, first = 0, extra: Partial<LifecycleInput> = {}): LifecycleInput {
  return { daily: Float64Array.from({ length: 365 }, (_, d) => (d >= first ? rate(d) : 0)), first, oldestStockDays: 30, launching: false, ...extra };
}

describe('classifyLifecycle', () => {
  it('a steady seller is active', () => {
    expect(classifyLifecycle(window(() => 2))).toEqual({ stage: 'active', reason: 'demand yesterday' });
    expect(classifyLifecycle(window((d) => (d % 10 === 0 ? 5 : 0)))).toMatchObject({ stage: 'active', reason: 'demand 4 days ago' });
  });

  it('new: launching, first demand within 90 days, or nothing sold yet without old stock', () => {
    expect(classifyLifecycle(window(() => 0, 365, { launching: true }))).toEqual({ stage: 'new', reason: 'a launch forecast is handing over' });
    expect(classifyLifecycle(window(() => 3, 300))).toEqual({ stage: 'new', reason: 'first demand 65 days ago' });
    expect(classifyLifecycle(window(() => 0, 365, { oldestStockDays: 12 }))).toEqual({ stage: 'new', reason: 'no demand yet, stock held 12 days' });
    expect(classifyLifecycle(window(() => 0, 365, { oldestStockDays: null }))).toEqual({ stage: 'new', reason: 'no demand yet' });
    // first demand 91 days ago is no longer new
    expect(classifyLifecycle(window(() => 3, 274)).stage).toBe('active');
  });

  it('dead: no demand for more than 180 days, or none in the window with stock held longer', () => {
    expect(classifyLifecycle(window((d) => (d < 184 ? 2 : 0)))).toEqual({ stage: 'dead', reason: 'no demand for 181 days' });
    expect(classifyLifecycle(window(() => 0, 0, { oldestStockDays: 200 }))).toEqual({ stage: 'dead', reason: 'no demand in 365 days, stock held 200 days' });
    // 180 days is not yet more than 180: slow (quiet for over 90)
    expect(classifyLifecycle(window((d) => (d < 185 ? 2 : 0)))).toEqual({ stage: 'slow', reason: 'no demand for 180 days' });
  });

  it('slow: quiet for more than 90 days, or the last 90 days below half the rate before them', () => {
    expect(classifyLifecycle(window((d) => (d < 270 ? 1 : 0)))).toEqual({ stage: 'slow', reason: 'no demand for 95 days' });
    // 4/day, then 1.5/day over the last 90 days: 1.5 < 0.5 x 4
    expect(classifyLifecycle(window((d) => (d < 275 ? 4 : 1.5)))).toEqual({ stage: 'slow', reason: '1.50/day over the last 90 days against 4.00/day before: fading' });
    // 4/day then 2.5/day: not below half
    expect(classifyLifecycle(window((d) => (d < 275 ? 4 : 2.5))).stage).toBe('active');
    // too little history before the last 90 days to judge a trend (first demand 150 days ago): active
    expect(classifyLifecycle(window((d) => (d < 300 ? 4 : 1), 215)).stage).toBe('active');
  });

  it('the rules are parameters', () => {
    const strict = { ...LIFECYCLE_RULES, deadDays: 60, quietDays: 30 };
    expect(classifyLifecycle(window((d) => (d < 300 ? 2 : 0)), strict)).toEqual({ stage: 'dead', reason: 'no demand for 65 days' });
  });
});
