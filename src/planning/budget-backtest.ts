/**
 * Backtest of a buying budget (pure: no I/O, no clock): several SKU x locations replayed together,
 * day by day, with the plan's own policy (plan-backtest.ts), and on every day with orders the lines
 * to order funded within that day's budget by a strategy. Used by bench/plan-budget.ts to judge the
 * run's budget allocation (budget.ts) by the service it delivers, beside simpler rules.
 *
 * Every strategy replays the same demand, forecasts and lead-time draws (one trajectory each of
 * the same PairReplay: the plans read the true demand, not the stock, so they do not depend on the
 * strategy), and differs only in what it funds:
 * - `none`: everything asked (no budget: the reference);
 * - `marginal`: the run's allocation (applyBudget: increments in decreasing expected cycle sales
 *   value per money);
 * - `pro-rata`: every line scaled by budget / asked, rounded down (a buyer trimming every line);
 * - `urgency`: whole lines in order of their days of cover (position / forecast per day), the
 *   first that does not fit cut to what is left (a buyer funding the emptiest shelves first).
 * Money the day does not spend is not carried over. No supplier MOQ or case packs (the lines are
 * sized in units), so the strategies compete on allocation alone.
 *
 * Suppliers' minimum order values (`minOrderValues`, optional): a supplier refuses a day's PO worth
 * less than its minimum, so under every strategy such a PO is not placed (its lines get nothing
 * that day and the money is not spent). `marginal` then keeps each supplier's order at 0 or its
 * minimum (the run's repair: raised, or dropped and its money spent elsewhere), and
 * `marginal-no-repair` is the allocation without it (what runs did before the repair: the cuts
 * could leave a PO the supplier then refuses).
 */
import { applyBudget, type BudgetObjective } from './budget.ts';
import { PairReplay, type BacktestOptions, type BacktestSeries } from './plan-backtest.ts';

export type BudgetStrategy = 'none' | 'marginal' | 'marginal-no-repair' | 'pro-rata' | 'urgency';
export const BUDGET_STRATEGIES: readonly BudgetStrategy[] = ['none', 'marginal', 'pro-rata', 'urgency'];

export interface BudgetSeries extends BacktestSeries {
  /** Cost and selling price of a unit (any money unit, the budget's). */
  unitCost: number;
  price: number;
  /** The supplier it is bought from (for `minOrderValues`). */
  supplier?: string;
}

export interface BudgetBacktestOptions extends Omit<BacktestOptions, 'startOnHand'> {
  /** Money every day with orders may spend (with order days: per order day). */
  budgetPerOrderDay: number;
  objective?: BudgetObjective;
  strategies?: readonly BudgetStrategy[];
  /** Per supplier, the least a day's PO may be worth (the budget's money unit); see the file comment. */
  minOrderValues?: ReadonlyMap<string, number>;
}

export interface StrategyOutcome {
  strategy: BudgetStrategy;
  served: number;
  demanded: number;
  /** served x (price - cost), summed. */
  margin: number;
  /** Money ordered over the replay. */
  spent: number;
  /** Mean closing stock over the replayed days: units and value at cost. */
  avgOnHand: number;
  avgStockValue: number;
  orders: number;
}

/** Replays `series` together under each strategy (see the file comment). */
export function backtestBudget(series: readonly BudgetSeries[], opts: BudgetBacktestOptions): StrategyOutcome[] {
  const strategies = opts.strategies ?? BUDGET_STRATEGIES;
  const K = strategies.length;
  if (K === 0) throw new RangeError('at least one strategy is required');
  if (!(opts.budgetPerOrderDay >= 0)) throw new RangeError(`budgetPerOrderDay must be >= 0 (got ${opts.budgetPerOrderDay})`);
  // each pair its own lead-time draws (seed + its index), the same under every strategy
  const pairs = series.map((s, i) => new PairReplay(s, { ...opts, seed: (opts.seed ?? 1) + i }, new Array<number>(K).fill(opts.template?.safetyShift ?? 0), 0));
  if (pairs.length === 0) return strategies.map((strategy) => ({ strategy, served: 0, demanded: 0, margin: 0, spent: 0, avgOnHand: 0, avgStockValue: 0, orders: 0 }));
  const { W, n } = pairs[0];
  if (pairs.some((p) => p.W !== W || p.n !== n)) throw new RangeError('every series replays the same days (length and warm-up)');
  const burnIn = opts.burnIn ?? 0;
  const out = strategies.map((strategy) => ({ strategy, served: 0, demanded: 0, margin: 0, spent: 0, avgOnHand: 0, avgStockValue: 0, orders: 0 }));
  for (let t = W; t < n; t++) {
    for (const p of pairs) p.plan(t);
    for (let k = 0; k < K; k++) {
      const asked = pairs.map((p) => p.need(t, k));
      if (asked.some((q) => q > 0)) {
        const funded = refuseBelowMinimum(fund(strategies[k], asked, pairs, series, k, opts), series, opts.minOrderValues);
        pairs.forEach((p, i) => {
          if (funded[i] > 0) {
            p.place(t, k, funded[i]);
            out[k].spent += funded[i] * series[i].unitCost;
            out[k].orders++;
          }
        });
      }
      for (const p of pairs) p.serve(t, k);
      if (t >= W + burnIn) {
        pairs.forEach((p, i) => {
          out[k].avgOnHand += p.onHandOf(k);
          out[k].avgStockValue += p.onHandOf(k) * series[i].unitCost;
        });
      }
    }
  }
  const days = n - W - burnIn;
  for (let k = 0; k < K; k++) {
    pairs.forEach((p, i) => {
      const o = p.outcomes()[k];
      out[k].served += o.served;
      out[k].demanded += o.demanded;
      out[k].margin += o.served * (series[i].price - series[i].unitCost);
    });
    out[k].avgOnHand /= days;
    out[k].avgStockValue /= days;
  }
  return out;
}

/** A supplier's PO worth less than its minimum order value is refused: its lines get nothing. */
function refuseBelowMinimum(q: number[], series: readonly BudgetSeries[], mins: ReadonlyMap<string, number> | undefined): number[] {
  if (!mins || mins.size === 0) return q;
  const value = new Map<string, number>();
  q.forEach((x, i) => {
    const s = series[i].supplier;
    if (s !== undefined && x > 0) value.set(s, (value.get(s) ?? 0) + x * series[i].unitCost);
  });
  return q.map((x, i) => {
    const s = series[i].supplier;
    const min = s === undefined ? undefined : mins.get(s);
    return min !== undefined && (value.get(s!) ?? 0) < min - 1e-9 ? 0 : x;
  });
}

/** Money in the budget's unit as the plan's allocation takes it (integer micro-units). */
const micro = (x: number) => Math.round(x * 1_000_000);

/** The quantities strategy `s` funds of `asked` within the day's budget. */
function fund(s: BudgetStrategy, asked: number[], pairs: PairReplay[], series: readonly BudgetSeries[], k: number, opts: BudgetBacktestOptions): number[] {
  const B = opts.budgetPerOrderDay;
  const cost = (i: number) => series[i].unitCost;
  const total = asked.reduce((t, q, i) => t + q * cost(i), 0);
  if (s === 'none' || total <= B) return asked;
  if (s === 'pro-rata') {
    const f = B / total;
    return asked.map((q) => Math.floor(q * f + 1e-9));
  }
  if (s === 'urgency') {
    const cover = (i: number) => (pairs[i].perDay > 0 ? pairs[i].position(k) / pairs[i].perDay : Infinity);
    const order = asked.map((_, i) => i).filter((i) => asked[i] > 0).sort((a, b) => cover(a) - cover(b) || a - b);
    const q = asked.map(() => 0);
    let left = B;
    for (const i of order) {
      const c = cost(i);
      const take = c > 0 ? Math.min(asked[i], Math.floor(left / c + 1e-9)) : asked[i];
      q[i] = take;
      left -= take * c;
      if (take < asked[i]) break;
    }
    return q;
  }
  // marginal: the run's allocation on copies of the day's plan results
  const lines = asked.map((q, i) => {
    const r = pairs[i].lastResult!;
    return {
      result: { ...r, suggestedQty: q, inventoryPosition: pairs[i].position(k), orderStep: 1, error: null, rounding: [], notes: [], meetsNeed: true, need: q },
      sku: String(i),
      location: '',
      supplier: series[i].supplier ?? null,
      policy: null,
      unitCost: micro(cost(i)),
      price: micro(series[i].price),
    };
  });
  // with the repair, each supplier's order kept at 0 or its minimum order value
  const minOf = (code: string) => (s === 'marginal' && opts.minOrderValues?.has(code) ? micro(opts.minOrderValues.get(code)!) : null);
  applyBudget(lines, { budget: micro(B), objective: opts.objective ?? 'margin', suppliers: new Map(), policies: new Map(), moqOf: () => 0 }, minOf);
  return lines.map((l) => l.result.suggestedQty);
}
