/**
 * Order sizing: turns the quantity a policy needs into a quantity a supplier accepts
 * (minimum order quantity, case pack, order multiple, maximum order, minimum order value),
 * recording every step for the explanation.
 *
 * Rule (keeps the service promise): the result is never below the need unless a hard cap
 * (maximum order) forces it, in which case `meetsNeed` is false. Rounding goes UP to the pack /
 * multiple, except when the caller states a smaller `minimumForService` (the least quantity that
 * still meets the service target, e.g. from the fill-rate level) and rounding DOWN to the pack
 * stays at or above it and is nearer to the need: then it rounds down (saves stock without
 * breaking the target). MOQ and minimum order value only ever raise the quantity, and the maximum
 * order never takes a line below the MOQ (rounded up to whole steps).
 * Minimum order value here applies to this line alone; a supplier's minimum for a whole order is
 * met across its lines by the plan run (src/planning/min-order-top-up.ts).
 */

export interface OrderRules {
  /** Minimum order quantity in units (the supplier refuses less). */
  moq?: number;
  /** Units per case: orders are whole cases. */
  casePack?: number;
  /** Order multiple in units (e.g. pallet layers); combined with casePack by least common multiple. */
  orderMultiple?: number;
  /** Maximum order quantity in units (capacity, budget or supplier cap). */
  maxOrder?: number;
  /** Supplier minimum order value (money, same unit as unitCost). */
  minOrderValue?: number;
  /** Cost per unit (money); needed for minOrderValue. */
  unitCost?: number;
}

export interface RoundingStep {
  rule: 'integer' | 'round-up-to-pack' | 'round-down-to-pack' | 'moq' | 'min-order-value' | 'max-order' | 'no-order' | 'budget' | 'transfer';
  from: number;
  to: number;
  note: string;
}

export interface SizedOrder {
  /** Units to order (an integer >= 0). */
  quantity: number;
  /** True when quantity >= need (or >= minimumForService when rounding down was allowed). */
  meetsNeed: boolean;
  /** The pack step used (lcm of case pack and order multiple; 1 if none). */
  step: number;
  steps: RoundingStep[];
}

/**
 * Sizes one order line. `need` = units required by the policy (e.g. order-up-to level minus
 * inventory position; <= 0 means no order). See the file header for the rule.
 */
export function sizeOrder(need: number, rules: OrderRules = {}, opts: { minimumForService?: number } = {}): SizedOrder {
  validateRules(rules);
  const steps: RoundingStep[] = [];
  const step = lcm(rules.casePack ?? 1, rules.orderMultiple ?? 1);
  if (!(need > 0)) {
    return { quantity: 0, meetsNeed: true, step, steps: [{ rule: 'no-order', from: need, to: 0, note: 'need <= 0: inventory position already covers the target' }] };
  }
  let q = Math.ceil(need - 1e-9);
  if (q !== need) steps.push({ rule: 'integer', from: need, to: q, note: 'rounded up to whole units' });
  const floorOk = opts.minimumForService !== undefined ? Math.max(0, opts.minimumForService) : need;
  if (step > 1 && q % step !== 0) {
    const up = Math.ceil(q / step) * step;
    const down = Math.floor(q / step) * step;
    if (down > 0 && down >= floorOk && need - down < up - need) {
      steps.push({ rule: 'round-down-to-pack', from: q, to: down, note: `rounded down to a multiple of ${step}: still >= ${fmt(floorOk)} needed for the service target and nearer` });
      q = down;
    } else {
      steps.push({ rule: 'round-up-to-pack', from: q, to: up, note: `rounded up to a multiple of ${step} (case pack / order multiple)` });
      q = up;
    }
  }
  if (rules.moq !== undefined && q < rules.moq) {
    const to = Math.ceil(rules.moq / step) * step;
    steps.push({ rule: 'moq', from: q, to, note: `raised to the minimum order quantity ${rules.moq}${to !== rules.moq ? ` (in multiples of ${step})` : ''}` });
    q = to;
  }
  if (rules.minOrderValue !== undefined && rules.minOrderValue > 0) {
    const cost = rules.unitCost ?? 0;
    if (cost > 0 && q * cost < rules.minOrderValue) {
      const to = Math.ceil(Math.ceil(rules.minOrderValue / cost - 1e-9) / step) * step;
      steps.push({ rule: 'min-order-value', from: q, to, note: `raised so the line value reaches the supplier minimum ${rules.minOrderValue}` });
      q = to;
    }
  }
  if (rules.maxOrder !== undefined && q > rules.maxOrder) {
    const capped = Math.floor(rules.maxOrder / step) * step;
    // the cap never takes a line below the MOQ: with packs the smallest acceptable line is the MOQ
    // rounded up to whole steps, which can sit just above a cap set at the MOQ itself
    const moqLevel = rules.moq !== undefined && rules.moq > 0 ? Math.ceil(rules.moq / step) * step : 0;
    const to = Math.max(capped, moqLevel);
    if (to < q) {
      steps.push({
        rule: 'max-order',
        from: q,
        to,
        note:
          to === capped
            ? `capped at the maximum order ${rules.maxOrder}${to !== rules.maxOrder ? ` (largest multiple of ${step})` : ''}`
            : `capped at the maximum order ${rules.maxOrder} but kept at ${to}: the minimum order quantity ${rules.moq} in multiples of ${step}`,
      });
      q = to;
    }
  }
  return { quantity: q, meetsNeed: q >= floorOk - 1e-9, step, steps };
}

function validateRules(r: OrderRules): void {
  const positiveInt = (v: number | undefined, name: string) => {
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) throw new RangeError(`${name} must be a positive integer (got ${v})`);
  };
  positiveInt(r.casePack, 'casePack');
  positiveInt(r.orderMultiple, 'orderMultiple');
  if (r.moq !== undefined && !(r.moq >= 0)) throw new RangeError(`moq must be >= 0 (got ${r.moq})`);
  if (r.maxOrder !== undefined && !(r.maxOrder >= 0)) throw new RangeError(`maxOrder must be >= 0 (got ${r.maxOrder})`);
  if (r.minOrderValue !== undefined && !(r.minOrderValue >= 0)) throw new RangeError(`minOrderValue must be >= 0 (got ${r.minOrderValue})`);
  if (r.moq !== undefined && r.maxOrder !== undefined && r.moq > r.maxOrder) throw new RangeError(`moq ${r.moq} exceeds maxOrder ${r.maxOrder}`);
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}
function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
