/**
 * Excess stock and transfers between locations (pure: no I/O, no clock).
 *
 * What: a plan run knows, per SKU x location, the stock (on hand, inbound, reserved), the forecast
 * and the policy's order-up-to level. Stock beyond what the location is expected to need is
 * **excess**: cash tied up that will not turn soon, and the earlier it is acted on (moved where it
 * sells, its open POs cut, marked down) the more of it comes back. The same run also orders that
 * SKU for other locations: moving the excess there first is cheaper and faster than buying.
 *
 * Excess (`excessOf`): with H the run's `excess_days` (default 180),
 *
 *   keep   = max(S, ceil(mu x H + safety stock))     S the order-up-to level, mu the forecast per day
 *   excess = max(0, IP - keep)                        IP = on hand + inbound - reserved
 *
 * split into the part on hand (`onHand` = min(excess, on hand - reserved): it can be moved or
 * marked down) and the part still inbound (on open POs: reduce or cancel them). A line with no
 * expected demand keeps only S (0 unless backorders wait): all of its stock is excess, and it is
 * marked `dead`. With the stock's age from the ledger's FIFO lots, the line also says how old its
 * oldest units are and how many were received more than H days ago (`agedUnits`: held longer than
 * the horizon already, the first to act on).
 *
 * Transfers (`planTransfers`), per SKU, before the supplier MOQ and the other run-level steps, only
 * between locations of one **transfer region** (catalog: a location without one neither sends nor
 * receives; the plan cannot know which lanes are practical, the catalogue says so):
 * - donors: the SKU's locations with excess on hand; receivers: its lines that order (suggested
 *   quantity > 0) in the same region;
 * - receivers in order of urgency (earliest projected stockout, then largest order): the purchase
 *   shrinks to what the region's excess left cannot cover, rounded up to the line's order step
 *   (a rounding step 'transfer' and a note), and exactly the units that shrink it are moved (need -
 *   purchase, so transfer + purchase still covers the need; a transfer that would leave the
 *   purchase as it was is not proposed), each from the donor with the most excess left, then the
 *   next.
 * A location's excess is beyond months of its own demand, so taking it never starves the donor.
 */
import { MIN_DEMAND_PER_DAY, type PlanItemResult } from './suggestion.ts';

/** Default horizon beyond which stock is excess (days of forecast demand). */
export const DEFAULT_EXCESS_DAYS = 180;

/** A line's excess (see the file header). */
export interface LineExcess {
  /** Units kept (not excess) and the horizon used. */
  keep: number;
  horizonDays: number;
  /** Excess units, and their part on hand and inbound. */
  units: number;
  onHand: number;
  inbound: number;
  /** Excess value at the unit cost (micro-units). */
  value: number;
  /** No expected demand: all stock beyond S is excess. */
  dead: boolean;
  /** Days of cover of the position at the forecast (null: no demand). */
  coverDays: number | null;
  /** Days since the oldest units on hand were received (ledger FIFO lots; null: unknown). */
  oldestDays: number | null;
  /** Units on hand received more than the horizon ago: held longer than the excess horizon already. */
  agedUnits: number;
}

/** The excess of one computed line; null when it holds none. */
export function excessOf(r: PlanItemResult, stock: { onHand: number; reserved: number; inbound: number }, unitCost: number, horizonDays: number, age?: { oldestDays: number; agedUnits: number }): LineExcess | null {
  if (r.error) return null;
  const mu = r.forecast.perDay;
  // below the plan's threshold of demand (one unit in ~27 years) the line plans nothing either
  const dead = !(mu >= MIN_DEMAND_PER_DAY) || r.forecast.model === 'none';
  const keep = dead ? Math.max(0, r.orderUpTo) : Math.max(r.orderUpTo, Math.ceil(mu * horizonDays + Math.max(0, r.safetyStock)));
  const units = Math.max(0, r.inventoryPosition - keep);
  if (!(units > 0)) return null;
  const onHand = Math.min(units, Math.max(0, stock.onHand - stock.reserved));
  return {
    keep,
    horizonDays,
    units,
    onHand,
    inbound: units - onHand,
    value: units * unitCost,
    dead,
    coverDays: r.daysOfCover === null || !Number.isFinite(r.daysOfCover) ? null : r.daysOfCover,
    oldestDays: age ? age.oldestDays : null,
    agedUnits: age ? age.agedUnits : 0,
  };
}

/** One line of a run, as the transfer planning sees it. */
export interface TransferLine {
  result: PlanItemResult;
  sku: string;
  location: string;
  /** The location's transfer region (catalog): transfers stay within one; null = none. */
  region: string | null;
  /** Its excess (excessOf), or null. */
  excess: LineExcess | null;
}

/** A proposed transfer of one SKU between two locations. */
export interface ProposedTransfer {
  sku: string;
  from: string;
  to: string;
  quantity: number;
  /** The receiver's purchase before and after the transfer (units). */
  purchaseBefore: number;
  purchaseAfter: number;
}

/**
 * Proposes transfers from locations with excess to the same SKU's lines that order (file header),
 * shrinking those lines' purchases in place; returns the transfers in SKU, receiver order.
 */
export function planTransfers(lines: readonly TransferLine[]): ProposedTransfer[] {
  const bySku = new Map<string, TransferLine[]>();
  for (const l of lines) {
    if (l.result.error) continue;
    const list = bySku.get(l.sku) ?? [];
    list.push(l);
    bySku.set(l.sku, list);
  }
  const out: ProposedTransfer[] = [];
  for (const [sku, group] of [...bySku.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const left = new Map<TransferLine, number>();
    for (const l of group) if (l.excess && l.excess.onHand > 0) left.set(l, l.excess.onHand);
    if (left.size === 0) continue;
    const receivers = group
      .filter((l) => l.result.suggestedQty > 0 && !left.has(l))
      .sort((a, b) => (a.result.stockoutInDays ?? Infinity) - (b.result.stockoutInDays ?? Infinity) || b.result.suggestedQty - a.result.suggestedQty || (a.location < b.location ? -1 : 1));
    for (const rcv of receivers) {
      const r = rcv.result;
      const before = r.suggestedQty;
      if (rcv.region === null) continue;
      // the purchase left once the region's excess is taken, in whole order steps; only the units
      // that shrink it are moved (a transfer that leaves the purchase as it was moves nothing)
      const step = Math.max(1, r.orderStep);
      let available = 0;
      for (const [d, q] of left) if (d.region === rcv.region) available += q;
      const rest = Math.max(0, r.need - available);
      const purchaseAfter = Math.min(before, rest > 0 ? Math.min(Math.ceil(rest / step) * step, r.maxOrder ?? Infinity) : 0);
      const wanted = Math.min(available, Math.max(0, r.need - purchaseAfter), before);
      if (purchaseAfter >= before || !(wanted > 0)) continue;
      let covered = 0;
      const moves: { from: TransferLine; quantity: number }[] = [];
      while (covered < wanted) {
        let donor: TransferLine | null = null;
        for (const [d, q] of left) if (q > 0 && d.region === rcv.region && (!donor || q > left.get(donor)! || (q === left.get(donor)! && d.location < donor.location))) donor = d;
        if (!donor) break;
        const q = Math.min(left.get(donor)!, wanted - covered);
        left.set(donor, left.get(donor)! - q);
        covered += q;
        moves.push({ from: donor, quantity: q });
      }
      const from = moves.map((m) => `${m.quantity} from ${m.from.location}`).join(', ');
      const note = `transfer ${from} (excess there, beyond ${moves[0].from.excess!.horizonDays} days of its forecast): the purchase covers the rest of the need ${r.need}, ${before} -> ${purchaseAfter}`;
      r.rounding.push({ rule: 'transfer', from: before, to: purchaseAfter, note });
      r.notes.push(note);
      r.suggestedQty = purchaseAfter;
      r.transfers ??= { in: [], out: [] };
      for (const m of moves) {
        r.transfers.in.push({ location: m.from.location, quantity: m.quantity });
        const d = m.from.result;
        d.transfers ??= { in: [], out: [] };
        d.transfers.out.push({ location: rcv.location, quantity: m.quantity });
        d.notes.push(`transfer ${m.quantity} of its excess to ${rcv.location}, where the plan orders ${sku}`);
        out.push({ sku, from: m.from.location, to: rcv.location, quantity: m.quantity, purchaseBefore: before, purchaseAfter });
      }
    }
  }
  return out;
}
