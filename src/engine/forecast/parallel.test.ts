import { describe, expect, it } from 'vitest';
import { autoForecast } from './auto-forecast.ts';
import { fromBatchForecast } from './batch.ts';
import { forecastBatch } from './parallel.ts';

describe('forecastBatch', () => {
  const series = Array.from({ length: 24 }, (_, i) => ({
    id: `s${i}`,
    y: Array.from({ length: 60 }, (_, t) => (i % 3 === 0 ? (t % 5 === 0 ? i : 0) : 10 + i + ((t * 7 + i) % 5))),
    season: 7,
    horizon: 5,
  }));

  it('gives the same forecasts on worker threads as autoForecast in-thread, in input order', async () => {
    const res = await forecastBatch(series, { threads: 2, chunkSize: 5 });
    expect(res.map((r) => r.id)).toEqual(series.map((s) => s.id));
    for (let i = 0; i < series.length; i++) {
      const direct = autoForecast(series[i]);
      expect(res[i].model).toBe(direct.model);
      expect(Array.from(res[i].mean)).toEqual(Array.from(direct.mean));
      const rebuilt = fromBatchForecast(res[i]);
      expect(rebuilt.horizonQuantile(3.5, 0.95)).toBe(direct.horizonQuantile(3.5, 0.95));
      expect(res[i].quantiles['0.95'][0]).toBe(direct.quantile(1, 0.95));
    }
  });

  it('reports a bad series without failing the batch', async () => {
    const res = await forecastBatch([{ id: 'x', y: [1, 2, 3], season: 1, horizon: 2, model: 'nope' }, series[1]], { threads: 0 });
    expect(res[0].error).toMatch(/unknown forecast model/);
    expect(res[1].error).toBeUndefined();
  });
});
