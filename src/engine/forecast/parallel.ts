/**
 * Batch forecasting across worker threads. Besides src/engine/parallel/worker-pool.ts, this is the
 * one file of the forecasting engine that is not pure computation: it spreads chunks of series
 * over a pool of workers (each runs forecast-worker.ts). The engine functions it
 * calls are pure, so results are identical to calling `autoForecast` per series.
 */
import { availableParallelism } from 'node:os';
import { runChunksInWorkers } from '../parallel/worker-pool.ts';
import { forecastToData, type BatchForecast, type BatchSeries } from './batch.ts';

export interface BatchOptions {
  /** Worker threads (default: available cores). 0 = run in the calling thread. */
  threads?: number;
  /** Quantile levels to compute per step (default [0.5, 0.9, 0.95, 0.99]). */
  levels?: number[];
  /** Series per message to a worker (default 64). */
  chunkSize?: number;
  /** Called after each finished chunk with the number of series done. */
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_LEVELS = [0.5, 0.9, 0.95, 0.99];

/**
 * Forecasts many series, in input order, using a pool of worker threads. A series that cannot be
 * forecast yields an entry with `error` set rather than failing the batch.
 */
export async function forecastBatch(series: readonly BatchSeries[], options: BatchOptions = {}): Promise<BatchForecast[]> {
  const levels = options.levels ?? DEFAULT_LEVELS;
  const threads = Math.min(options.threads ?? availableParallelism(), Math.ceil(series.length / 8) || 1);
  const total = series.length;
  if (threads <= 0 || total === 0) {
    const out = series.map((s) => forecastToData(s, levels));
    options.onProgress?.(total, total);
    return out;
  }
  return runChunksInWorkers<BatchForecast>({
    entry: new URL('./forecast-worker.ts', import.meta.url),
    total,
    threads,
    chunkSize: options.chunkSize ?? 64,
    chunkMessage: (from, to) => ({ series: series.slice(from, to).map(plain), levels }),
    onProgress: options.onProgress,
    name: 'forecast worker',
  });
}

/** Copies a series into structured-clone friendly typed arrays. */
function plain(s: BatchSeries): BatchSeries {
  return {
    id: s.id,
    y: s.y instanceof Float64Array ? s.y : Float64Array.from(s.y as ArrayLike<number>),
    stockout: s.stockout ? Float64Array.from(s.stockout as ArrayLike<number>) : undefined,
    season: s.season,
    horizon: s.horizon,
    model: s.model,
  };
}
