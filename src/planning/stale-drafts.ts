/**
 * Stale drafts in a plan run. A run counts the draft purchase orders and draft transfers that are
 * not placed or shipped yet (plan-inputs.ts: a draft PO's lines as inbound on their expected day,
 * a draft transfer's as inbound at its destination and reserved at its origin), so that what one
 * run's suggestions became is not bought again by the next. The price is that a draft nobody places
 * hides its need for as long as it sits: the position holds units that are not coming.
 *
 * A draft created more than DRAFT_STALE_DAYS (purchasing's stale-orders.ts: one weekly review
 * cycle) before the run's day is stale. The run still counts it (dropping it would have the next
 * "Create draft POs" order the same units twice), and says so where a planner looks:
 * - on each line that counts it: a note naming the draft, its age and the position without it;
 * - on the run: the stale drafts with their age and units (`inputs.drafts`), and a progress line.
 */
import { DRAFT_STALE_DAYS } from '../purchasing/index.ts';
import { daysBetween } from './dates.ts';
import type { DraftRef, PlanInputs } from './plan-inputs.ts';

/** A stale draft a pair counts: what it is, its number, its age in days at the run's day and its units for the pair. */
export interface StaleDraft {
  kind: 'purchase order' | 'transfer';
  number: string;
  ageDays: number;
  quantity: number;
  /** Coming in (a PO; a transfer at its destination) or going out (a transfer at its origin). */
  direction: 'in' | 'out';
  staleAfterDays: number;
}

/** A stale draft of the run (all its pairs): its day of creation, its age, its units and the pairs that count it. */
export interface RunStaleDraft {
  kind: 'purchase order' | 'transfer';
  number: string;
  createdDay: string;
  ageDays: number;
  units: number;
  pairs: number;
}

/** The drafts a run counted (`inputs.drafts`): how many of each kind, the stale threshold, and the stale ones (oldest first, at most MAX_LISTED). */
export interface DraftsSummary {
  purchaseOrders: number;
  transfers: number;
  staleAfterDays: number;
  staleCount: number;
  stale: RunStaleDraft[];
}

/** Stale drafts listed in a run's summary (the count covers all). */
export const MAX_LISTED = 50;

const ageOf = (d: DraftRef, asOf: string) => Math.max(0, daysBetween(d.createdDay, asOf));

/** A pair's stale drafts: those of `orders` and `transfers` created more than DRAFT_STALE_DAYS before `asOf`. */
export function staleDraftsOf(orders: readonly DraftRef[], transfers: readonly (DraftRef & { direction: 'in' | 'out' })[], asOf: string): StaleDraft[] {
  const out: StaleDraft[] = [];
  const add = (kind: StaleDraft['kind'], d: DraftRef, direction: StaleDraft['direction']) => {
    const ageDays = ageOf(d, asOf);
    if (ageDays > DRAFT_STALE_DAYS) out.push({ kind, number: d.number, ageDays, quantity: d.quantity, direction, staleAfterDays: DRAFT_STALE_DAYS });
  };
  for (const d of orders) add('purchase order', d, 'in');
  for (const d of transfers) add('transfer', d, d.direction);
  return out;
}

/** The run's drafts (see DraftsSummary); null when it counted none. */
export function draftsSummary(inputs: Pick<PlanInputs, 'asOf' | 'draftOrders' | 'draftTransfers'>): DraftsSummary | null {
  const all = new Map<string, RunStaleDraft>();
  const counted = { 'purchase order': new Set<string>(), transfer: new Set<string>() };
  const visit = (kind: RunStaleDraft['kind'], refs: readonly (DraftRef & { direction?: 'in' | 'out' })[]) => {
    for (const d of refs) {
      counted[kind].add(d.number);
      const ageDays = ageOf(d, inputs.asOf);
      if (ageDays <= DRAFT_STALE_DAYS) continue;
      const k = `${kind}\u0000${d.number}`;
      const s = all.get(k) ?? { kind, number: d.number, createdDay: d.createdDay, ageDays, units: 0, pairs: 0 };
      // a transfer's units are those coming in (its origin's pairs count the same units going out)
      if (d.direction !== 'out') s.units += d.quantity;
      s.pairs++;
      all.set(k, s);
    }
  };
  for (const d of inputs.draftOrders.values()) visit('purchase order', d.drafts);
  for (const d of inputs.draftTransfers.values()) visit('transfer', d.drafts);
  if (counted['purchase order'].size === 0 && counted.transfer.size === 0) return null;
  const stale = [...all.values()].sort((a, b) => b.ageDays - a.ageDays || (a.number < b.number ? -1 : 1));
  return { purchaseOrders: counted['purchase order'].size, transfers: counted.transfer.size, staleAfterDays: DRAFT_STALE_DAYS, staleCount: stale.length, stale: stale.slice(0, MAX_LISTED) };
}
