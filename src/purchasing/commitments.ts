/**
 * Cash committed to stock still to come, by week of expected arrival: what a buyer with "never
 * enough cash" needs beside the plan. Every unit on an open PO is money already promised to a
 * supplier; every unit on a draft is money about to be. Grouped by the ISO week (Monday first) in
 * which it is expected, the value tells when stock (and the supplier's invoice, for terms on
 * delivery) lands, and how much is late.
 *
 * - Open POs (placed, partially received): each line's open quantity at its unit cost, expected on
 *   the line's expected date, else the PO's placed day + the supplier's default lead time. A line
 *   whose day has passed is **overdue** (counted apart: it is late, not scheduled).
 * - Draft POs: every line, expected on its expected date when that is after today, else today +
 *   the supplier's default lead time (as if placed today: the plan's rule for drafts).
 * - Weeks from the one holding `today`, `weeks` of them (default 13, a quarter); what comes later
 *   is summed as **later**.
 * Payment terms are not modelled: the value is what arrives, not when it is paid.
 */
import { resolveSuppliers } from '../catalog/index.ts';
import type { Executor } from '../store/executor.ts';
import { validationError } from '../shared/errors.ts';
import { addDays, daysBetween } from './po-state.ts';
import { checkOptDay } from './validate.ts';

export interface CommitmentBucket {
  /** Micro-units and units. */
  value: number;
  units: number;
  /** Purchase orders with a line in it. */
  pos: number;
}

export interface CommitmentWeek {
  /** Monday of the week (YYYY-MM-DD). */
  weekStart: string;
  open: CommitmentBucket;
  draft: CommitmentBucket;
}

export interface Commitments {
  today: string;
  weeks: CommitmentWeek[];
  /** Open lines whose expected day has passed. */
  overdue: CommitmentBucket;
  /** Open and draft lines expected after the last week. */
  later: { open: CommitmentBucket; draft: CommitmentBucket };
  /** Everything still to come: open POs and drafts. */
  total: { open: CommitmentBucket; draft: CommitmentBucket };
}

export const DEFAULT_COMMITMENT_WEEKS = 13;

/** Monday of `day`'s ISO week. */
function mondayOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((dow + 6) % 7));
}

const empty = (): CommitmentBucket => ({ value: 0, units: 0, pos: 0 });

/** Money on open and draft POs by week of expected arrival (see the file header). */
export async function commitments(ex: Executor, opts: { today?: string; weeks?: number } = {}): Promise<Commitments> {
  const today = checkOptDay('today', opts.today) ?? new Date().toISOString().slice(0, 10);
  const weeks = opts.weeks ?? DEFAULT_COMMITMENT_WEEKS;
  if (!(Number.isInteger(weeks) && weeks >= 1 && weeks <= 104)) throw validationError(`weeks must be an integer in [1, 104] (got ${JSON.stringify(opts.weeks)})`, { field: 'weeks' });
  const rows = await ex.db
    .selectFrom('purchase_order_lines as l')
    .innerJoin('purchase_orders as p', 'p.id', 'l.po_id')
    .select(['p.id as po', 'p.status', 'p.supplier', 'p.placed_day', 'l.quantity', 'l.inbound_qty', 'l.unit_cost', 'l.expected_date'])
    .where('p.status', 'in', ['draft', 'placed', 'partially_received'])
    .execute();
  const suppliers = await resolveSuppliers(ex, [...new Set(rows.map((r) => r.supplier))]);
  const leadOf = (code: string) => Math.round(suppliers.get(code)?.defaultLeadTimeDays ?? 0);
  const first = mondayOf(today);
  const out: Commitments = {
    today,
    weeks: Array.from({ length: weeks }, (_, i) => ({ weekStart: addDays(first, 7 * i), open: empty(), draft: empty() })),
    overdue: empty(),
    later: { open: empty(), draft: empty() },
    total: { open: empty(), draft: empty() },
  };
  // a PO counted once per bucket
  const seen = new Set<string>();
  const add = (b: CommitmentBucket, key: string, po: number, units: number, unitCost: number) => {
    b.units += units;
    b.value += units * unitCost;
    const k = `${key}\u0000${po}`;
    if (!seen.has(k)) {
      seen.add(k);
      b.pos++;
    }
  };
  for (const r of rows) {
    const draft = r.status === 'draft';
    const units = draft ? Number(r.quantity) : Number(r.inbound_qty);
    if (!(units > 0)) continue;
    const po = Number(r.po);
    const cost = Number(r.unit_cost);
    const kind = draft ? 'draft' : 'open';
    add(out.total[kind], `total-${kind}`, po, units, cost);
    let day: string;
    if (draft) day = r.expected_date && r.expected_date > today ? r.expected_date : addDays(today, leadOf(r.supplier));
    else day = r.expected_date ?? (r.placed_day ? addDays(r.placed_day, leadOf(r.supplier)) : today);
    if (!draft && day < today) {
      add(out.overdue, 'overdue', po, units, cost);
      continue;
    }
    const w = Math.floor(daysBetween(first, day) / 7);
    if (w >= weeks) add(out.later[kind], `later-${kind}`, po, units, cost);
    else add(out.weeks[w][kind], `${w}-${kind}`, po, units, cost);
  }
  return out;
}
