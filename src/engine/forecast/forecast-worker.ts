/**
 * Worker-thread entry of the forecast thread pool (parallel.ts): receives batches of series,
 * answers with their forecasts as plain data (typed arrays transferred, not copied).
 */
import { parentPort } from 'node:worker_threads';
import { forecastToData, type BatchForecast, type BatchSeries } from './batch.ts';

interface Job {
  jobId: number;
  series: BatchSeries[];
  levels: number[];
}

parentPort?.on('message', (job: Job) => {
  const results: BatchForecast[] = job.series.map((s) => forecastToData(s, job.levels));
  const transfer: ArrayBuffer[] = [];
  for (const r of results) {
    transfer.push(r.mean.buffer as ArrayBuffer, r.variance.buffer as ArrayBuffer, r.cumVariance.buffer as ArrayBuffer);
    for (const q of Object.values(r.quantiles)) transfer.push(q.buffer as ArrayBuffer);
  }
  parentPort!.postMessage({ jobId: job.jobId, results }, transfer.filter((b, i, a) => b.byteLength > 0 && a.indexOf(b) === i));
});
