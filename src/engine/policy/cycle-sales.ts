/**
 * Expected units of an order that sell in the cycle after it arrives, before a later order could
 * (pure): what deferring an order's units to the next review loses, which the budget allocation
 * (budget-allocation.ts) weighs each unit by.
 *
 * With lost sales: the stock left when the order arrives is a = (IP⁺ - D_L)⁺ (IP the inventory
 * position, D_L the lead-time demand), units reserved beyond the position (a backlog b = (-IP)⁺)
 * are sold first and for sure, and the rest of the order serves the cycle's demand D_C:
 *
 *   sales(q) = min(q, b) + E[ n_C(a) - n_C(a + (q - b)⁺) ],   n_C(x) = E[(D_C - x)⁺]
 *
 * (D_L and D_C independent; the expectation over D_L is exact for small count supports and on 32
 * equiprobable quantiles otherwise). sales(q) is concave in q: each further unit sells with a
 * lower probability.
 */
import type { Distribution } from '../stats/index.ts';

/** The demand a line's order meets: lead time before it arrives, the cycle after. */
export interface CycleDemand {
  /** Inventory position before the order (on hand + inbound - reserved; negative = a backlog). */
  position: number;
  /** Demand over the lead time (until the order arrives). */
  lead: Distribution;
  /** Demand over the cycle after it arrives (the review period). */
  cycle: Distribution;
}

/** Quantile points used for a continuous (or wide) lead-time distribution. */
const LEAD_POINTS = 32;
/** Widest count support summed exactly. */
const EXACT_SUPPORT = 200;

/** The lead-time demand as weighted points (exact mass for small count supports, else equiprobable quantiles). */
function leadPoints(lead: Distribution): { x: number[]; w: number[] } {
  if (lead.variance === 0 || lead.family === 'degenerate') return { x: [lead.mean], w: [1] };
  if (lead.discrete) {
    const hi = lead.quantile(1 - 1e-9);
    if (Number.isFinite(hi) && hi <= EXACT_SUPPORT) {
      const x: number[] = [];
      const w: number[] = [];
      let total = 0;
      for (let d = 0; d <= hi; d++) {
        const p = lead.pdf(d);
        if (p > 0) {
          x.push(d);
          w.push(p);
          total += p;
        }
      }
      return { x, w: w.map((p) => p / total) };
    }
  }
  const x: number[] = [];
  for (let i = 0; i < LEAD_POINTS; i++) x.push(lead.quantile((i + 0.5) / LEAD_POINTS));
  return { x, w: x.map(() => 1 / LEAD_POINTS) };
}

/**
 * Expected units of an order of q that sell before a later order could arrive (file header):
 * a function of q, non-decreasing and concave, 0 at q = 0.
 */
export function cycleSales(d: CycleDemand): (q: number) => number {
  const backlog = Math.max(0, -d.position);
  const ip = Math.max(0, d.position);
  const { x, w } = leadPoints(d.lead);
  const a = x.map((dl) => Math.max(0, ip - dl));
  const base = a.map((ai) => d.cycle.loss(ai));
  return (q: number) => {
    if (!(q > 0)) return 0;
    const rest = Math.max(0, q - backlog);
    let s = Math.min(q, backlog);
    if (rest > 0) for (let j = 0; j < a.length; j++) s += w[j] * Math.max(0, base[j] - d.cycle.loss(a[j] + rest));
    return s;
  };
}
