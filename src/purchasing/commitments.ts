/**
 * Cash committed to stock still to come, by week: what a buyer with "never enough cash" needs
 * beside the plan. Every unit on an open PO is money already promised to a supplier; every unit on
 * a draft is money about to be. Two bases:
 *
 * **arrival** (default): by the ISO week (Monday first) in which the stock is expected.
 * - Open POs (placed, partially received): each line's open quantity at its unit cost, expected on
 *   the line's expected date, else the PO's placed day + the supplier's default lead time. A line
 *   whose day has passed is **overdue** (counted apart: it is late, not scheduled).
 * - Draft POs: every line, expected on its expected date when that is after today, else today +
 *   the supplier's default lead time (as if placed today: the plan's rule for drafts).
 *
 * **payment**: by the week the money leaves, under each supplier's payment terms (catalog
 * `depositPct` paid on placing, the rest `paymentTermsDays` after delivery):
 * - an open line's deposit was paid when it was placed (not counted); the rest is due its arrival
 *   day (today at the earliest: a late line has not come yet) + the terms;
 * - a draft's deposit is due today (when it is placed), the rest on its arrival + the terms;
 * - **payable**: units already received whose balance is not due yet (received day + terms on or
 *   after today), at the price they were received at. Payments are not recorded, so a balance is
 *   taken as paid on its due day; the terms are the supplier's current ones.
 * Units count on the balance (a deposit moves money, not units); `overdue` stays empty.
 *
 * Weeks from the one holding `today`, `weeks` of them (default 13, a quarter); what comes later is
 * summed as **later**.
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

/** What the money is for: open POs, drafts, and (payment basis) units received and not paid yet. */
export type CommitmentKind = 'open' | 'draft' | 'payable';
export type CommitmentBasis = 'arrival' | 'payment';
export const COMMITMENT_BASES: readonly CommitmentBasis[] = ['arrival', 'payment'];

export interface CommitmentWeek {
  /** Monday of the week (YYYY-MM-DD). */
  weekStart: string;
  open: CommitmentBucket;
  draft: CommitmentBucket;
  payable: CommitmentBucket;
}

export interface Commitments {
  today: string;
  basis: CommitmentBasis;
  weeks: CommitmentWeek[];
  /** Open lines whose expected day has passed (arrival basis). */
  overdue: CommitmentBucket;
  /** Lines expected (or payments due) after the last week. */
  later: Record<CommitmentKind, CommitmentBucket>;
  /** Everything still to come (or to pay). */
  total: Record<CommitmentKind, CommitmentBucket>;
}

export const DEFAULT_COMMITMENT_WEEKS = 13;

/** Monday of `day`'s ISO week. */
function mondayOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((dow + 6) % 7));
}

/** A deposit in whole cents (micro-units): the balance then is too, for prices in cents. */
const toCents = (micros: number): number => Math.round(micros / 10_000) * 10_000;

const empty = (): CommitmentBucket => ({ value: 0, units: 0, pos: 0 });
const kinds = (): Record<CommitmentKind, CommitmentBucket> => ({ open: empty(), draft: empty(), payable: empty() });

/** One sum of money (and units) due or arriving on `day`. */
interface Flow {
  kind: CommitmentKind;
  po: number;
  units: number;
  value: number;
  day: string;
  /** Arrival basis: an open line already late. */
  overdue?: boolean;
}

/** Money on open and draft POs (and, by payment, received and unpaid) by week (see the file header). */
export async function commitments(ex: Executor, opts: { today?: string; weeks?: number; basis?: CommitmentBasis } = {}): Promise<Commitments> {
  const today = checkOptDay('today', opts.today) ?? new Date().toISOString().slice(0, 10);
  const weeks = opts.weeks ?? DEFAULT_COMMITMENT_WEEKS;
  if (!(Number.isInteger(weeks) && weeks >= 1 && weeks <= 104)) throw validationError(`weeks must be an integer in [1, 104] (got ${JSON.stringify(opts.weeks)})`, { field: 'weeks' });
  const basis = opts.basis ?? 'arrival';
  if (!COMMITMENT_BASES.includes(basis)) throw validationError(`basis must be one of ${COMMITMENT_BASES.join(', ')} (got ${JSON.stringify(opts.basis)})`, { field: 'basis' });
  const rows = await ex.db
    .selectFrom('purchase_order_lines as l')
    .innerJoin('purchase_orders as p', 'p.id', 'l.po_id')
    .select(['p.id as po', 'p.status', 'p.supplier', 'p.placed_day', 'l.quantity', 'l.inbound_qty', 'l.unit_cost', 'l.expected_date'])
    .where('p.status', 'in', ['draft', 'placed', 'partially_received'])
    .execute();
  // received units whose balance may still be due (the longest terms accepted are 365 days)
  const received =
    basis === 'payment'
      ? await ex.db
          .selectFrom('receipt_lines as rl')
          .innerJoin('receipts as r', 'r.id', 'rl.receipt_id')
          .select(['r.po_id as po', 'r.supplier', 'r.received_day', 'rl.posted_qty', 'rl.unit_cost'])
          .where('r.received_day', '>=', addDays(today, -365))
          .where('rl.posted_qty', '>', 0)
          .execute()
      : [];
  const suppliers = await resolveSuppliers(ex, [...new Set([...rows.map((r) => r.supplier), ...received.map((r) => r.supplier)])]);
  const leadOf = (code: string) => Math.round(suppliers.get(code)?.defaultLeadTimeDays ?? 0);
  const termsOf = (code: string) => ({ deposit: (suppliers.get(code)?.depositPct ?? 0) / 100, days: suppliers.get(code)?.paymentTermsDays ?? 0 });

  const flows: Flow[] = [];
  for (const r of rows) {
    const draft = r.status === 'draft';
    const units = draft ? Number(r.quantity) : Number(r.inbound_qty);
    if (!(units > 0)) continue;
    const po = Number(r.po);
    const value = units * Number(r.unit_cost);
    const kind = draft ? 'draft' : 'open';
    let day: string;
    if (draft) day = r.expected_date && r.expected_date > today ? r.expected_date : addDays(today, leadOf(r.supplier));
    else day = r.expected_date ?? (r.placed_day ? addDays(r.placed_day, leadOf(r.supplier)) : today);
    if (basis === 'arrival') {
      flows.push({ kind, po, units, value, day, overdue: !draft && day < today });
      continue;
    }
    const t = termsOf(r.supplier);
    const deposit = toCents(value * t.deposit);
    if (draft && deposit > 0) flows.push({ kind, po, units: 0, value: deposit, day: today });
    flows.push({ kind, po, units, value: value - deposit, day: addDays(day < today ? today : day, t.days) });
  }
  for (const r of received) {
    const t = termsOf(r.supplier);
    const due = addDays(r.received_day, t.days);
    if (due < today) continue; // paid on its due day
    const value = Number(r.posted_qty) * Number(r.unit_cost);
    flows.push({ kind: 'payable', po: Number(r.po), units: Number(r.posted_qty), value: value - toCents(value * t.deposit), day: due });
  }

  const first = mondayOf(today);
  const out: Commitments = {
    today,
    basis,
    weeks: Array.from({ length: weeks }, (_, i) => ({ weekStart: addDays(first, 7 * i), open: empty(), draft: empty(), payable: empty() })),
    overdue: empty(),
    later: kinds(),
    total: kinds(),
  };
  // a PO counted once per bucket
  const seen = new Set<string>();
  const add = (b: CommitmentBucket, key: string, f: Flow) => {
    b.units += f.units;
    b.value += f.value;
    const k = `${key}\u0000${f.po}`;
    if (!seen.has(k)) {
      seen.add(k);
      b.pos++;
    }
  };
  for (const f of flows) {
    add(out.total[f.kind], `total-${f.kind}`, f);
    if (f.overdue) {
      add(out.overdue, 'overdue', f);
      continue;
    }
    const w = Math.floor(daysBetween(first, f.day) / 7);
    if (w >= weeks) add(out.later[f.kind], `later-${f.kind}`, f);
    else add(out.weeks[w][f.kind], `${w}-${f.kind}`, f);
  }
  return out;
}
