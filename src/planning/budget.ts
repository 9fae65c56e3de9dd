/**
 * A plan run's budget: fund the run's order lines within the cash a buyer may commit (pure: no I/O,
 * no clock). The allocation itself is the engine's (engine/policy/budget-allocation.ts: marginal
 * analysis on each line's expected sales in the cycle after its order arrives); this file states
 * what the run's limits are and writes the outcome into the lines.
 *
 * Limits, each optional, all applied together:
 * - the run's **budget** (`budget` parameter: money for all new order lines of the run);
 * - a policy's **run budget** (`run_budget`: money for the lines it plans in one run), a cap on a
 *   segment's exposure, e.g. the volatile Z items;
 * - a supplier's **open-value cap** (`max_open_value`: its open POs' value plus the run's new lines
 *   at most this), a cap on the exposure to one supplier.
 *
 * What a unit sold is worth (`objective`): `margin` (default; price - unit cost: return on the cash
 * committed), `revenue` (price) or `units` (every unit alike: the fill rate across the catalogue). A
 * SKU without a price is valued at its cost times one plus the median markup of the run's priced
 * lines (1.0 when none is priced), and the run says how many were; a unit sold at a loss is worth 0
 * (funded last).
 *
 * Lines of one SKU on one supplier's order share the supplier's MOQ: they are cut together to 0 or
 * kept at the MOQ or above. A supplier's order (all its lines: one draft PO) that asked for at least
 * its minimum order value is kept at 0 or at least that value: when the cuts would leave it below
 * (a PO the supplier refuses), the allocation either raises it to the minimum with the money of
 * lower-return lines elsewhere or drops it and spends its money on the other lines, whichever
 * funds more expected sales value (engine, step 5); the summary lists each repair and the lines say
 * it. Cuts are recorded on each line: the quantity (rounding step 'budget'),
 * a note, and `budget` in its explanation; the run keeps the summary (PlanRunInputs.budget).
 */
import { allocateBudget, cycleSales, type AllocationGroup, type AllocationLine } from '../engine/policy/index.ts';
import { degenerateDistribution, fromMoments, type Distribution, type DistributionFamily } from '../engine/stats/index.ts';
import { formatMoney } from '../shared/money.ts';
import type { LineBudget, PlanItemResult } from './suggestion.ts';

export type BudgetObjective = LineBudget['objective'];
export const BUDGET_OBJECTIVES: readonly BudgetObjective[] = ['margin', 'revenue', 'units'];

/** One computed line of a plan run, as the budget sees it. */
export interface BudgetLineInput {
  result: PlanItemResult;
  sku: string;
  location: string;
  supplier: string | null;
  policy: string | null;
  /** Micro-units per unit. */
  unitCost: number;
  /** Selling price, micro-units per unit (0 = none recorded). */
  price: number;
}

export interface BudgetLimits {
  /** Money for the whole run's new lines (micro-units); null = none. */
  budget: number | null;
  objective: BudgetObjective;
  /** Per supplier: its open-value cap and the value of its open POs (micro-units). */
  suppliers: ReadonlyMap<string, { cap: number; open: number }>;
  /** Per policy code: its run budget (micro-units). */
  policies: ReadonlyMap<string, number>;
  /** The supplier's MOQ (units) for one SKU's lines together. */
  moqOf: (supplier: string) => number;
}

/** One cap as the run used it. */
export interface CapUse {
  /** 'supplier:CODE' or 'policy:CODE'. */
  key: string;
  /** The cap (micro-units) and what was already committed under it (a supplier's open POs). */
  limit: number;
  committed: number;
  /** Asked for and spent by the run's lines under it. */
  asked: number;
  spent: number;
}

/** What the budget did to a run (stored with the run's inputs). */
export interface BudgetSummary {
  budget: number | null;
  objective: BudgetObjective;
  /** Money asked for by the lines before the allocation, and spent after it (micro-units). */
  asked: number;
  spent: number;
  linesAsked: number;
  /** Lines cut (part of their quantity) and dropped (to 0). */
  linesCut: number;
  linesDropped: number;
  /** Expected units sold in the cycle after arrival by the asked and funded quantities. */
  askedCycleSales: number;
  fundedCycleSales: number;
  /** The same valued by the objective (micro-units; units for 'units'). */
  askedValue: number;
  fundedValue: number;
  /**
   * Value of the first unit refused per money spent on it (the budget's shadow price: for
   * 'margin', margin per 1.00 of cash; for 'units', units per 1.00); null when nothing was cut.
   */
  cutoff: number | null;
  caps: CapUse[];
  /** Lines whose SKU has no price, valued at the median markup (and that markup). */
  unpriced: number;
  medianMarkup: number;
  /** Suppliers whose lines the allocation took below their minimum order value (none once repaired; kept for orders the repair could not settle). */
  belowMinimumOrderValue: string[];
  /** Suppliers' orders the cuts left below their minimum order value, and whether each was raised to it or dropped (micro-units). */
  minimumOrderRepairs: { supplier: string; minimum: number; before: number; after: number; decision: 'raised' | 'dropped' }[];
}

const distribution = (mean: number, sd: number, family: string): Distribution => {
  if (!(mean > 0)) return degenerateDistribution(0, true);
  const fam: DistributionFamily = family === 'poisson' || family === 'negbin' || family === 'gamma' || family === 'normal' ? family : 'normal';
  return fromMoments(mean, sd * sd, fam);
};

/** Median of (price - cost) / cost over the priced lines; 1 when none is priced. */
function medianMarkup(lines: readonly BudgetLineInput[]): number {
  const m = lines.filter((l) => l.price > 0 && l.unitCost > 0).map((l) => (l.price - l.unitCost) / l.unitCost).sort((a, b) => a - b);
  if (!m.length) return 1;
  const h = Math.floor(m.length / 2);
  return m.length % 2 ? m[h] : (m[h - 1] + m[h]) / 2;
}

/** Value of one unit sold, by the objective (micro-units; 1 for units). */
function unitValueOf(l: BudgetLineInput, objective: BudgetObjective, markup: number): number {
  if (objective === 'units') return 1;
  const price = l.price > 0 ? l.price : l.unitCost * (1 + markup);
  return objective === 'revenue' ? price : Math.max(0, price - l.unitCost);
}

/**
 * Applies the run's limits to its lines (see the file header), changing the cut lines in place;
 * null when no limit applies to any line to order.
 */
export function applyBudget(lines: readonly BudgetLineInput[], limits: BudgetLimits, minOrderValueOf: (supplier: string) => number | null = () => null): BudgetSummary | null {
  const capKeys = (l: BudgetLineInput): string[] => [
    ...(l.supplier && limits.suppliers.has(l.supplier) ? [`supplier:${l.supplier}`] : []),
    ...(l.policy && limits.policies.has(l.policy) ? [`policy:${l.policy}`] : []),
  ];
  const ordering = lines.filter((l) => !l.result.error && l.result.suggestedQty > 0);
  if (limits.budget === null && !ordering.some((l) => capKeys(l).length > 0)) return null;
  const markup = medianMarkup(ordering);
  const capLimit = new Map<string, { limit: number; committed: number }>();
  for (const [code, s] of limits.suppliers) capLimit.set(`supplier:${code}`, { limit: s.cap, committed: s.open });
  for (const [code, v] of limits.policies) capLimit.set(`policy:${code}`, { limit: v, committed: 0 });

  // groups: one SKU's lines on one supplier's order when the supplier has an MOQ, else one line each
  const groups: { lines: BudgetLineInput[]; minTotal: number }[] = [];
  const byMoq = new Map<string, { lines: BudgetLineInput[]; minTotal: number }>();
  for (const l of ordering) {
    const moq = l.supplier ? limits.moqOf(l.supplier) : 0;
    if (moq > 0) {
      const key = `${l.supplier}\u0000${l.sku}`;
      let g = byMoq.get(key);
      if (!g) {
        g = { lines: [], minTotal: moq };
        byMoq.set(key, g);
        groups.push(g);
      }
      g.lines.push(l);
    } else groups.push({ lines: [l], minTotal: 0 });
  }
  const engineGroups: AllocationGroup[] = groups.map((g) => ({
    // a group the MOQ consolidation could not bring up to the MOQ (line caps) keeps what it has as its minimum
    minTotal: Math.min(g.minTotal, g.lines.reduce((t, l) => t + l.result.suggestedQty, 0)),
    lines: g.lines.map((l): AllocationLine => {
      const r = l.result;
      const sales = cycleSales({
        position: r.inventoryPosition,
        lead: distribution(r.protection.leadTimeMean, r.protection.leadTimeSd, r.protection.family),
        cycle: distribution(r.cycle.mean, r.cycle.sd, r.protection.family),
      });
      return { quantity: r.suggestedQty, step: Math.max(1, r.orderStep), unitCost: l.unitCost, unitValue: unitValueOf(l, limits.objective, markup), sales, caps: capKeys(l) };
    }),
  }));
  const caps = new Map<string, number>();
  for (const [key, c] of capLimit) caps.set(key, Math.max(0, c.limit - c.committed));
  // each supplier's lines form one PO: 0 or at least its minimum order value
  const orderGroups = new Map<string, number[]>();
  groups.forEach((g, gi) => {
    const code = g.lines[0].supplier;
    if (code === null || minOrderValueOf(code) === null) return;
    orderGroups.set(code, [...(orderGroups.get(code) ?? []), gi]);
  });
  const orders = [...orderGroups].map(([code, gs]) => ({ key: `supplier:${code}`, groups: gs, minCost: minOrderValueOf(code)! }));
  const res = allocateBudget({ groups: engineGroups, budget: limits.budget, caps, orders });
  const repairOf = new Map(res.repairs.map((x) => [x.key.slice('supplier:'.length), x]));

  let linesCut = 0;
  let linesDropped = 0;
  const askedByCap = new Map<string, number>();
  const scale = limits.objective === 'units' ? 1_000_000 : 1;
  const cutoffText = res.cutoff === null ? '' : limits.objective === 'units' ? `${(res.cutoff * scale).toFixed(3)} units sold per 1.00` : `${res.cutoff.toFixed(3)} ${limits.objective} per 1.00`;
  groups.forEach((g, gi) => {
    const ga = res.groups[gi];
    g.lines.forEach((l, i) => {
      const el = engineGroups[gi].lines[i];
      const r = l.result;
      const asked = r.suggestedQty;
      const funded = ga.quantities[i];
      for (const key of el.caps) askedByCap.set(key, (askedByCap.get(key) ?? 0) + asked * l.unitCost);
      const limitedBy = funded < asked ? ga.limitedBy : null;
      r.budget = {
        asked,
        funded,
        limitedBy,
        askedCycleSales: ga.askedSales[i],
        fundedCycleSales: ga.fundedSales[i],
        unitValue: el.unitValue,
        objective: limits.objective,
      };
      if (funded >= asked) return;
      linesCut++;
      if (funded === 0) linesDropped++;
      const repair = l.supplier ? repairOf.get(l.supplier) : undefined;
      const why =
        limitedBy?.startsWith('minimum:') && repair
          ? `supplier ${l.supplier}'s minimum order value of ${formatMoney(repair.minCost)}: within the budget its order would have been ${formatMoney(repair.before)}, a PO it refuses, and its lines were worth less than what raising it to the minimum would have displaced, so the whole order was dropped and its money went to other lines`
          : limitedBy === 'budget'
          ? `the run's budget of ${formatMoney(limits.budget ?? 0)}`
          : limitedBy?.startsWith('supplier:')
            ? `supplier ${limitedBy.slice(9)}'s open-value cap of ${formatMoney(capLimit.get(limitedBy)!.limit)} (open POs ${formatMoney(capLimit.get(limitedBy)!.committed)})`
            : `policy ${limitedBy?.slice(7)}'s run budget of ${formatMoney(capLimit.get(limitedBy ?? '')?.limit ?? 0)}`;
      const moq = engineGroups[gi].minTotal > 0 && funded === 0 ? `; the supplier's MOQ of ${engineGroups[gi].minTotal} units for this SKU did not fit` : '';
      const lost = r.budget.askedCycleSales - r.budget.fundedCycleSales;
      const raised = repair?.decision === 'raised' ? `; supplier ${l.supplier}'s order kept at its minimum order value of ${formatMoney(repair.minCost)} or above (the cuts would have left it at ${formatMoney(repair.before)}) with money from lower-return lines elsewhere` : '';
      const note = `cut by ${why}: ${asked} -> ${funded} units, funding first the units that return the most ${limits.objective === 'units' ? 'sales' : limits.objective} per 1.00 spent (cut-off ${cutoffText}); expected sales in the ${Number(r.cycle.days.toFixed(1))} days after arrival ${r.budget.askedCycleSales.toFixed(2)} -> ${r.budget.fundedCycleSales.toFixed(2)} units (${lost.toFixed(2)} fewer)${moq}${raised}`;
      r.rounding.push({ rule: 'budget', from: asked, to: funded, note });
      r.notes.push(note);
      r.suggestedQty = funded;
      r.meetsNeed = r.meetsNeed && funded >= r.need;
    });
  });

  // suppliers the cuts took below their minimum order value
  const bySupplier = new Map<string, { before: number; after: number }>();
  for (const l of ordering) {
    if (!l.supplier || !l.result.budget) continue;
    const s = bySupplier.get(l.supplier) ?? { before: 0, after: 0 };
    s.before += l.result.budget.asked * l.unitCost;
    s.after += l.result.budget.funded * l.unitCost;
    bySupplier.set(l.supplier, s);
  }
  const below = [...bySupplier.entries()]
    .filter(([code, s]) => {
      const min = minOrderValueOf(code);
      return min !== null && s.after > 0 && s.after < min && s.before >= min;
    })
    .map(([code]) => code)
    .sort();

  return {
    budget: limits.budget,
    objective: limits.objective,
    asked: res.asked,
    spent: res.spent,
    linesAsked: ordering.length,
    linesCut,
    linesDropped,
    askedCycleSales: res.askedUnits,
    fundedCycleSales: res.fundedUnits,
    askedValue: res.askedValue,
    fundedValue: res.fundedValue,
    cutoff: res.cutoff === null ? null : res.cutoff * scale,
    caps: [...capLimit.entries()]
      .filter(([key]) => askedByCap.has(key))
      .map(([key, c]) => ({ key, limit: c.limit, committed: c.committed, asked: askedByCap.get(key) ?? 0, spent: res.capSpent.get(key) ?? 0 }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    unpriced: limits.objective === 'units' ? 0 : ordering.filter((l) => !(l.price > 0)).length,
    medianMarkup: markup,
    belowMinimumOrderValue: below,
    minimumOrderRepairs: res.repairs.map((x) => ({ supplier: x.key.slice('supplier:'.length), minimum: x.minCost, before: x.before, after: x.after, decision: x.decision })),
  };
}
