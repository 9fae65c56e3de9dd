/**
 * ABC x XYZ segmentation of SKUs (pure).
 * - ABC by annual consumption value = units demanded over the last 365 days x unit cost, classified
 *   by cumulative value share (engine/segment classifyAbc: A up to 80%, B up to 95%, C the rest);
 *   the caller annualizes a young SKU's units and values a launch at its rates (plan-run.ts).
 * - XYZ by the coefficient of variation of weekly demand, CV = sd / mean of the weekly totals
 *   (sample sd), over the weeks since the SKU's first recorded day in the window: X when
 *   CV <= 0.5, Y when CV <= 1.0, Z otherwise (also Z with fewer than 4 weeks or no demand).
 */
import { classifyAbc } from '../engine/segment/abc.ts';
import type { AbcClass, Lifecycle, XyzClass } from './types.ts';

export const XYZ_LIMITS = { x: 0.5, y: 1.0 } as const;
export const MIN_XYZ_WEEKS = 4;

export interface SegmentInput {
  sku: string;
  /** Micro-units per unit. */
  unitCost: number;
  /** Units demanded per year (all locations): the last 365 days, or a young SKU's annualized. */
  annualUnits: number;
  /** Weekly demand totals, oldest first (complete weeks only). */
  weekly: ArrayLike<number>;
}

export interface Segment {
  abc: AbcClass;
  xyz: XyzClass;
  /** Annual consumption value (micro-units). */
  annualValue: number;
  /** CV of weekly demand (null when undefined: fewer than MIN_XYZ_WEEKS weeks or zero mean). */
  weeklyCv: number | null;
  /** Lifecycle stage and why (engine/segment/lifecycle.ts; set by the plan run). */
  lifecycle?: Lifecycle;
  lifecycleReason?: string;
}

/** Coefficient of variation of weekly totals (sample sd / mean); null with < MIN_XYZ_WEEKS weeks or mean 0. */
export function weeklyCv(weekly: ArrayLike<number>): number | null {
  const n = weekly.length;
  if (n < MIN_XYZ_WEEKS) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weekly[i];
  const mean = sum / n;
  if (!(mean > 0)) return null;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (weekly[i] - mean) ** 2;
  return Math.sqrt(ss / (n - 1)) / mean;
}

/** XYZ class of a CV (null = Z). */
export function xyzClass(cv: number | null): XyzClass {
  if (cv === null) return 'Z';
  return cv <= XYZ_LIMITS.x ? 'X' : cv <= XYZ_LIMITS.y ? 'Y' : 'Z';
}

/** Segments every SKU (see the file comment). */
export function segmentSkus(items: readonly SegmentInput[]): Map<string, Segment> {
  const abc = classifyAbc(items.map((it) => ({ key: it.sku, value: Math.max(0, it.annualUnits) * it.unitCost })));
  const out = new Map<string, Segment>();
  const bySku = new Map(items.map((it) => [it.sku, it]));
  for (const r of abc) {
    const cv = weeklyCv(bySku.get(r.key)!.weekly);
    out.set(r.key, { abc: r.abcClass, xyz: xyzClass(cv), annualValue: r.value, weeklyCv: cv });
  }
  return out;
}

/** Weekly totals of a daily series ending at its last element: complete 7-day blocks counted back from the end. */
export function weeklyTotals(daily: ArrayLike<number>, firstIndex = 0): Float64Array {
  const n = daily.length - firstIndex;
  const weeks = Math.floor(n / 7);
  const out = new Float64Array(weeks);
  const start = daily.length - weeks * 7;
  for (let w = 0; w < weeks; w++) {
    let s = 0;
    for (let d = 0; d < 7; d++) {
      const v = daily[start + w * 7 + d];
      if (v === v) s += v;
    }
    out[w] = s;
  }
  return out;
}
