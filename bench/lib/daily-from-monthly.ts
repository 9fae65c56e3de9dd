/**
 * Daily intermittent demand for the policy benchmark, made from monthly data: each month's units
 * are spread over its 30 days as orders of 1 to 3 units on uniformly drawn days (a seeded LCG, so
 * every run sees the same days). The public sets hold no daily intermittent series (NN5 is daily
 * but smooth), and this keeps carparts' real shapes -- the parts that decline, the new ones, the
 * spikes -- at a daily grain with the sparse, lumpy days of an ecommerce slow mover.
 */
import type { DemandSeries } from '../../src/cli/commands/simulate.ts';

/** Days per month of the disaggregation. */
export const DAYS_PER_MONTH = 30;

/** Spreads every series' monthly units over days (see the file header); missing months stay missing. */
export function dailyFromMonthly(series: readonly DemandSeries[], seed = 12345): DemandSeries[] {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  return series.map((s) => {
    const y = new Float64Array(s.y.length * DAYS_PER_MONTH);
    for (let m = 0; m < s.y.length; m++) {
      const units = s.y[m];
      if (units !== units) {
        y.fill(NaN, m * DAYS_PER_MONTH, (m + 1) * DAYS_PER_MONTH);
        continue;
      }
      let left = Math.round(units);
      while (left > 0) {
        const order = Math.min(left, 1 + Math.floor(next() * 3));
        y[m * DAYS_PER_MONTH + Math.floor(next() * DAYS_PER_MONTH)] += order;
        left -= order;
      }
    }
    return { id: s.id, y };
  });
}
