/**
 * Temporal aggregation's first step: a series summed into buckets of b periods ending at its last
 * period (the oldest y.length mod b periods are dropped). Used by the forecast's weekly fit of
 * daily slow sellers (intermittent.ts forecastIntermittentBuckets) and by the simulator's bucketed
 * demand model (simulate/ses-count-model.ts).
 */

/**
 * Sums y into buckets of b periods ending at its last period. A bucket with missing (NaN) periods
 * is scaled up from its observed ones (sum x b / observed) when at least `minObserved` of them are
 * observed (default: half the bucket, rounded up), else it is missing (NaN).
 */
export function bucketSums(y: ArrayLike<number>, b: number, minObserved = Math.ceil(b / 2)): Float64Array {
  const n = Math.floor(y.length / b);
  const out = new Float64Array(n);
  const offset = y.length - n * b;
  const least = Math.max(1, minObserved);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let seen = 0;
    for (let j = 0; j < b; j++) {
      const v = y[offset + i * b + j];
      if (v !== v) continue;
      sum += v;
      seen++;
    }
    out[i] = seen >= least ? (sum * b) / seen : NaN;
  }
  return out;
}
