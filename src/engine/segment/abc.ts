/**
 * ABC classification by annual consumption value (Pareto analysis).
 *
 * Items are ranked by value, descending; an item's class is decided by the cumulative share of
 * total value held by the items ranked *before* it: A while that share is below `aShare`
 * (default 0.80), B while below `bShare` (default 0.95), C otherwise. The item that crosses a
 * cut-off therefore still belongs to the higher class, so the top item is always A (when any
 * value is positive). Items with zero (or negative) value are always C. Ties in value are ranked
 * by key so the result is deterministic.
 *
 * Reference: Silver, Pyke & Thomas, "Inventory and Production Management in Supply Chains"
 * (4th ed., 2017), §2.4 (the Distribution-by-Value / ABC classification).
 */

export type AbcClass = 'A' | 'B' | 'C';

export interface AbcInput {
  key: string;
  /** Annual consumption value (any currency unit, e.g. micro-units); must be finite. */
  value: number;
}

export interface AbcOptions {
  /** Cumulative value share closing class A (0..1, default 0.80). */
  aShare?: number;
  /** Cumulative value share closing class B (0..1, >= aShare, default 0.95). */
  bShare?: number;
}

export interface AbcResult {
  key: string;
  value: number;
  /** 1-based rank by value, descending. */
  rank: number;
  /** This item's share of total value (0..1; 0 when the total is 0). */
  share: number;
  /** Cumulative share including this item (0..1). */
  cumulativeShare: number;
  abcClass: AbcClass;
}

/**
 * Classifies items A/B/C by their share of total annual value (see the module comment for the rule).
 * Returns one result per input, in rank order (highest value first).
 */
export function classifyAbc(items: readonly AbcInput[], options: AbcOptions = {}): AbcResult[] {
  const aShare = options.aShare ?? 0.8;
  const bShare = options.bShare ?? 0.95;
  if (!(aShare > 0 && aShare <= 1) || !(bShare >= aShare && bShare <= 1)) {
    throw new RangeError(`classifyAbc: need 0 < aShare <= bShare <= 1 (got ${aShare}, ${bShare})`);
  }
  for (const it of items) {
    if (!Number.isFinite(it.value)) throw new RangeError(`classifyAbc: value of ${it.key} is not finite`);
  }
  const ranked = [...items].sort((x, y) => y.value - x.value || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const total = ranked.reduce((s, it) => s + Math.max(0, it.value), 0);
  const out: AbcResult[] = [];
  let before = 0;
  ranked.forEach((it, i) => {
    const v = Math.max(0, it.value);
    const shareBefore = total > 0 ? before / total : 1;
    before += v;
    const abcClass: AbcClass = v <= 0 ? 'C' : shareBefore < aShare ? 'A' : shareBefore < bShare ? 'B' : 'C';
    out.push({
      key: it.key,
      value: it.value,
      rank: i + 1,
      share: total > 0 ? v / total : 0,
      cumulativeShare: total > 0 ? before / total : 0,
      abcClass,
    });
  });
  return out;
}

/**
 * Annual consumption value = units consumed per year × unit cost.
 * `units` consumed over `days` days are scaled to 365 days; `unitCost` in any money unit
 * (the result is in the same unit). Returns 0 for a non-positive window.
 */
export function annualConsumptionValue(units: number, days: number, unitCost: number): number {
  if (!(days > 0)) return 0;
  return (Math.max(0, units) * 365 * unitCost) / days;
}
