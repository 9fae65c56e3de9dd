import type { Distribution } from './distribution.ts';

/**
 * A point mass at `value` (zero variance), e.g. a series with constant demand or a zero-mean
 * count distribution. Loss functions are (value - x)^+ and the matching second-order loss
 * (continuous 1/2 ((value - x)^+)^2, or discrete 1/2 (value - x)^+ (value - x - 1)^+).
 */
export function degenerateDistribution(value: number, discrete: boolean): Distribution {
  return {
    family: 'degenerate',
    discrete,
    mean: value,
    variance: 0,
    params: { value },
    pdf: (x) => (x === value ? (discrete ? 1 : Infinity) : 0),
    cdf: (x) => (x >= value ? 1 : 0),
    sf: (x) => (x >= value ? 0 : 1),
    quantile: (p) => (Number.isNaN(p) || p < 0 || p > 1 ? NaN : value),
    loss: (x) => Math.max(0, value - x),
    loss2: (x) => {
      const d = Math.max(0, value - x);
      return discrete ? 0.5 * d * Math.max(0, d - 1) : 0.5 * d * d;
    },
  };
}
