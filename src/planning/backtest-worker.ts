/**
 * Worker-thread entry of the policy review's pool (worker-pool.ts `backtestInWorkers`): receives
 * chunks of backtest jobs and answers with their outcomes, one per safety shift replayed (plan-backtest.ts, pure).
 */
import { parentPort } from 'node:worker_threads';
import { runBacktestJob, type BacktestJob } from './plan-backtest.ts';

parentPort?.on('message', (job: { jobId: number; items: BacktestJob[] }) => {
  parentPort!.postMessage({ jobId: job.jobId, results: job.items.map(runBacktestJob) });
});
