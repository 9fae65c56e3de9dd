/**
 * Turns a run's proposed transfers (from excess: excess.ts; to locations replenished from another:
 * replenishment-transfers.ts; the run's `inputs.transfers`) into draft transfers,
 * one per origin and destination, through purchasing's `createTransfer`. Each transfer's number is
 * derived from the run and the two locations (`PLAN-<run>-<FROM>-<TO>`), so asking twice creates
 * nothing twice: a number that exists is reported as already created.
 */
import { createTransfer } from '../purchasing/index.ts';
import { refused } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { getPlanRun } from './plan-queries.ts';

export interface RunTransfersResult {
  runId: number;
  transfers: { number: string; from: string; to: string; lines: number; quantity: number; created: boolean }[];
}

/** The draft transfer number of run `runId`'s moves from `from` to `to`. */
export const runTransferNumber = (runId: number, from: string, to: string): string => `PLAN-${runId}-${from}-${to}`;

/** Creates the draft transfers run `runId` proposed (see the file comment). 422 PLAN_RUN_NOT_SUCCEEDED unless the run succeeded. */
export async function createTransfersFromRun(ex: Executor, runId: number, ctx: { actor: string }): Promise<RunTransfersResult> {
  const run = await getPlanRun(ex, runId);
  if (run.status !== 'succeeded') throw refused('PLAN_RUN_NOT_SUCCEEDED', `plan run ${runId} is ${run.status}; only a succeeded run's transfers can be created`, { status: run.status });
  const lanes = new Map<string, { from: string; to: string; lines: Map<string, number>; reasons: Set<string> }>();
  for (const t of run.inputs?.transfers ?? []) {
    const key = `${t.from}\u0000${t.to}`;
    const lane = lanes.get(key) ?? { from: t.from, to: t.to, lines: new Map<string, number>(), reasons: new Set<string>() };
    lane.lines.set(t.sku, (lane.lines.get(t.sku) ?? 0) + t.quantity);
    lane.reasons.add(t.reason ?? 'excess');
    lanes.set(key, lane);
  }
  const out: RunTransfersResult = { runId, transfers: [] };
  for (const lane of [...lanes.values()].sort((a, b) => (a.from + a.to < b.from + b.to ? -1 : 1))) {
    const number = runTransferNumber(runId, lane.from, lane.to);
    const lines = [...lane.lines.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([sku, quantity]) => ({ sku, quantity }));
    const quantity = lines.reduce((t, l) => t + l.quantity, 0);
    let created = false;
    try {
      await createTransfer(ex, { number, from: lane.from, to: lane.to, note: `from plan run ${runId} (as of ${run.asOf}): ${[...lane.reasons].sort().map((r) => (r === 'excess' ? `excess at ${lane.from}, ordered at ${lane.to}` : `${lane.to} replenished from ${lane.from}`)).join('; ')}`, lines }, ctx);
      created = true;
    } catch (e) {
      // the number exists: an earlier (or simultaneous) request created this transfer
      if ((e as { code?: string }).code !== 'TRANSFER_EXISTS') throw e;
    }
    out.transfers.push({ number, from: lane.from, to: lane.to, lines: lines.length, quantity, created });
  }
  return out;
}
