import { describe, expect, it } from 'vitest';
import { classifyDemand } from './demand-class.ts';

describe('Syntetos-Boylan classification', () => {
  it('computes ADI and CV² by hand', () => {
    // 8 periods, 4 non-zero (2, 4, 2, 4): ADI = 2, mean 3, sd² = 4/3, CV² = 4/27
    const r = classifyDemand([0, 2, 0, 4, 0, 2, 0, 4]);
    expect(r.adi).toBe(2);
    expect(r.cv2).toBeCloseTo(4 / 27, 12);
    expect(r.demandClass).toBe('intermittent');
  });
  it('assigns the four classes at the 1.32 / 0.49 cut-offs', () => {
    expect(classifyDemand([5, 6, 5, 6, 5, 6]).demandClass).toBe('smooth');
    expect(classifyDemand([1, 20, 1, 30, 2, 25]).demandClass).toBe('erratic');
    expect(classifyDemand([0, 0, 1, 0, 0, 40, 0, 0, 2, 0, 0, 30]).demandClass).toBe('lumpy');
    expect(classifyDemand([]).demandClass).toBe('none');
  });
  it('ignores missing periods', () => {
    expect(classifyDemand([5, NaN, 6, NaN, 5]).adi).toBe(1);
  });
});
