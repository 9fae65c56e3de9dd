/**
 * Worker-thread entry of the policy review's pool (worker-pool.ts `backtestInWorkers`): receives
 * chunks of backtest jobs and answers with their outcomes, one per safety shift replayed (a group
 * job: per member, then per shift; plan-backtest.ts, pure).
 */
import { parentPort } from 'node:worker_threads';
import { runReviewJob, type BacktestGroupJob, type BacktestJob } from './plan-backtest.ts';

parentPort?.on('message', (job: { jobId: number; items: (BacktestJob | BacktestGroupJob)[] }) => {
  parentPort!.postMessage({ jobId: job.jobId, results: job.items.map(runReviewJob) });
});
