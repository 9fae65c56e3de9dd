/**
 * Supplier minimum order quantity (MOQ) per SKU and purchase order (pure: no I/O, no clock).
 *
 * What: a supplier's MOQ (catalog `moq`, units) is the least quantity of one SKU it accepts on an
 * order. A plan run makes one draft purchase order per supplier, holding a line per SKU x location,
 * so the MOQ applies to the SKU's lines of that order together, not to each line. Lines are first
 * sized on their own (whole units, case pack x order multiple, maximum line value: suggestion.ts);
 * then, per supplier and SKU, the lines are raised until their total reaches the MOQ (rule below).
 *
 * Why: raising every location's line to the MOQ buys the MOQ once per location. In the demo
 * catalogue a 1-litre bottle that sells about 2.5 units a day across four locations, with an MOQ of
 * 1,000, was ordered 3 x 1,008 units (about 1,200 days of cover) for needs of 18 to 130 units; the
 * supplier asks for 1,000 of the SKU per order, so 1,008 in all is what the rule requires.
 *
 * Rule (`consolidateToMoq`):
 * - a SKU is raised only when at least one of its lines orders something (a SKU nobody needs is not
 *   bought for its MOQ);
 * - the units the MOQ forces may go to any of the SKU's lines with forecast demand, including a
 *   location that does not need an order yet: the cash is spent either way, and stock placed where it
 *   sells soonest is worth more than years of cover at the one location that reached its reorder point
 *   (a line without demand grows only when it orders something itself, e.g. a backorder);
 * - one order step at a time (the line's own step: case pack x order multiple, else 1 unit), each
 *   to the line whose stock after the order would cover the fewest days at its forecast demand:
 *   (inventory position + quantity) / demand per day (a line without demand last), ties in input
 *   order. The extra units the MOQ forces go where they are soonest needed and the locations' cover
 *   is evened out;
 * - a line never goes above its maximum quantity (the policy's maximum line value, which the line
 *   sizing already raised to the MOQ, so one line can always take the whole MOQ);
 * - it stops as soon as the total reaches the MOQ (overshooting by less than one step).
 */
import { applyRaises } from './min-order-top-up.ts';
import type { PlanItemResult } from './suggestion.ts';

/** One line of a SKU on a supplier's order, as the consolidation sees it. */
export interface MoqLine {
  /** Units sized so far (0 = the location needs nothing yet; it can still take forced units if it has demand). */
  quantity: number;
  /** Order step in units (whole case packs x order multiple; 1 = single units). */
  step: number;
  /** Most units the line may hold; null = no cap. */
  maxQuantity: number | null;
  /** Inventory position before the order (on hand + inbound - reserved). */
  inventoryPosition: number;
  /** Forecast demand, units per day. */
  demandPerDay: number;
}

export interface MoqResult {
  /** The new quantity of every line, in input order. */
  quantities: number[];
  totalBefore: number;
  totalAfter: number;
  /** totalAfter >= moq. */
  reached: boolean;
}

/** Days of demand that `stock` covers at `perDay` (Infinity without demand). */
const coverDays = (stock: number, perDay: number): number => (perDay > 0 ? stock / perDay : Infinity);

/**
 * Raises `lines` (one SKU's lines on one supplier's order) until their total reaches `moq`; see the
 * file comment for the rule. A moq <= 0 or already reached changes nothing.
 */
export function consolidateToMoq(lines: readonly MoqLine[], moq: number): MoqResult {
  for (const l of lines) {
    if (!(Number.isInteger(l.step) && l.step >= 1)) throw new RangeError(`order step must be a positive integer (got ${l.step})`);
    if (!(l.quantity >= 0)) throw new RangeError(`quantity must be >= 0 (got ${l.quantity})`);
  }
  const q = lines.map((l) => l.quantity);
  const totalBefore = q.reduce((t, x) => t + x, 0);
  let total = totalBefore;
  if (!lines.some((l) => l.quantity > 0)) return { quantities: q, totalBefore, totalAfter: total, reached: total >= moq };
  const eligible = lines.map((_, i) => i).filter((i) => lines[i].quantity > 0 || lines[i].demandPerDay > 0);
  const canGrow = (i: number) => {
    const cap = lines[i].maxQuantity;
    return cap === null || q[i] + lines[i].step <= cap;
  };
  while (total < moq) {
    let best = -1;
    let bestCover = Infinity;
    for (const i of eligible) {
      if (!canGrow(i)) continue;
      const c = coverDays(lines[i].inventoryPosition + q[i], lines[i].demandPerDay);
      if (best < 0 || c < bestCover) {
        best = i;
        bestCover = c;
      }
    }
    if (best < 0) break;
    // Steps the same greedy choice would repeat are taken at once (an MOQ of many thousand single
    // units would otherwise take as many rounds): all remaining ones when no other line can grow or
    // none has demand, else those that keep this line's cover below the next lowest, one short of
    // where they could meet (the single steps after settle the tie exactly as one at a time would).
    const step = lines[best].step;
    let next = Infinity;
    for (const i of eligible) if (i !== best && canGrow(i)) next = Math.min(next, coverDays(lines[i].inventoryPosition + q[i], lines[i].demandPerDay));
    let steps = Math.ceil((moq - total) / step);
    if (next < Infinity && bestCover < Infinity) steps = Math.min(steps, Math.ceil((next * lines[best].demandPerDay - lines[best].inventoryPosition - q[best]) / step) - 1);
    const cap = lines[best].maxQuantity;
    if (cap !== null) steps = Math.min(steps, Math.floor((cap - q[best]) / step));
    steps = Math.max(1, steps);
    q[best] += steps * step;
    total += steps * step;
  }
  return { quantities: q, totalBefore, totalAfter: total, reached: total >= moq };
}

/** One computed line of a plan run with what the consolidation needs to know about it. */
export interface MoqRunLine {
  result: PlanItemResult;
  sku: string;
  location: string;
  supplier: string | null;
  /** The policy's exposure cap in days of cover (null = none): an MOQ that forces more is noted on the line. */
  maxCoverDays?: number | null;
}

/** Cover (days) above which an MOQ raise is called out on the line when the policy sets no exposure cap. */
export const MOQ_COVER_WARNING_DAYS = 365;

export interface SkuMoqRaise {
  supplier: string;
  sku: string;
  moq: number;
  /** The SKU's lines considered (ordering, or with forecast demand), and how many were raised. */
  lines: number;
  raised: number;
  totalBefore: number;
  totalAfter: number;
  reached: boolean;
}

/**
 * Applies `consolidateToMoq` to a run: for every supplier with an MOQ, each SKU whose lines to
 * order (suggested quantity > 0, no error) add up to less is raised in place (suggestedQty; its
 * lines with forecast demand that order nothing yet may take forced units), with
 * an 'moq' rounding step on each raised line naming the supplier, the MOQ, the SKU's order total
 * before and after and the cover the line's stock then gives. Returns what it did per SKU (only
 * SKUs that were below the MOQ).
 */
export function applySupplierMoqs(lines: readonly MoqRunLine[], moqOf: (supplier: string) => number): SkuMoqRaise[] {
  const groups = new Map<string, MoqRunLine[]>();
  for (const l of lines) {
    if (l.supplier === null || l.result.error || !(l.result.suggestedQty > 0 || l.result.forecast.perDay > 0)) continue;
    const key = `${l.supplier}\u0000${l.sku}`;
    const list = groups.get(key) ?? [];
    list.push(l);
    groups.set(key, list);
  }
  const out: SkuMoqRaise[] = [];
  const keys = [...groups.keys()].sort();
  for (const key of keys) {
    const group = groups.get(key)!;
    if (!group.some((l) => l.result.suggestedQty > 0)) continue;
    const { supplier, sku } = group[0] as { supplier: string; sku: string };
    const moq = moqOf(supplier);
    if (!(moq > 0)) continue;
    const res = consolidateToMoq(
      group.map((l) => ({
        quantity: l.result.suggestedQty,
        step: l.result.orderStep,
        // the line sizing raised a cap below the MOQ to the MOQ: in whole steps here, as sizeOrder did
        maxQuantity: l.result.maxOrder === null ? null : Math.max(l.result.maxOrder, Math.ceil(moq / l.result.orderStep) * l.result.orderStep),
        inventoryPosition: l.result.inventoryPosition,
        demandPerDay: l.result.forecast.perDay,
      })),
      moq,
    );
    if (res.totalBefore >= moq) continue;
    const ordering = group.filter((_l, k) => res.quantities[k] > 0);
    const where = ordering.length > 1 ? ` over ${ordering.length} locations (${ordering.map((g) => g.location).join(', ')}; extra units go where stock covers the fewest days)` : '';
    const raised = applyRaises(group, res.quantities, 'moq', (l, from, to, how) => {
      const perDay = l.result.forecast.perDay;
      const days = perDay > 0 ? Math.round((l.result.inventoryPosition + to) / perDay) : null;
      const cover = days !== null ? `; position + order = ${l.result.inventoryPosition + to} units, about ${days} days of forecast demand` : '';
      const limit = l.maxCoverDays ?? null;
      if (days !== null && (limit !== null ? days > limit : days > MOQ_COVER_WARNING_DAYS)) {
        l.result.notes.push(
          limit !== null
            ? `the supplier MOQ ${moq} forces about ${days} days of cover here, above the policy's exposure cap of ${limit} days`
            : `the supplier MOQ ${moq} forces about ${days} days of cover here (more than a year): consider a smaller MOQ, another supplier or not stocking it here`,
        );
      }
      if (from === 0) l.result.notes.push(`no need of its own: takes ${to} of the units the supplier MOQ ${moq} forces on the order of ${sku}`);
      return `raised by ${how} so the order of ${sku} from supplier ${supplier} reaches its minimum order quantity ${moq}${where}: ${res.totalBefore} -> ${res.totalAfter} units${res.reached ? '' : ' (still below: maximum line values)'}${cover}`;
    });
    out.push({ supplier, sku, moq, lines: group.length, raised, totalBefore: res.totalBefore, totalAfter: res.totalAfter, reached: res.reached });
  }
  return out;
}
