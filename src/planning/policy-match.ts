/**
 * Which policy version applies to a SKU x location (pure). Candidates are the active current
 * versions whose selector matches (every present field must contain the SKU's value). The most
 * specific wins: a selector naming SKUs beats one that does not; then one naming lifecycle stages
 * (a run-down rule for dead SKUs, a launch rule for new ones, whatever their ABC class); then the
 * one restricting more of (locations, abc, xyz); then the policy code, alphabetically
 * (deterministic).
 */
import type { AbcClass, Lifecycle, PolicySelector, XyzClass } from './types.ts';

export interface MatchablePolicy {
  code: string;
  selector: PolicySelector;
}

export interface MatchTarget {
  sku: string;
  location: string;
  abc: AbcClass;
  xyz: XyzClass;
  /** The SKU's lifecycle stage (absent: a selector on lifecycle does not match). */
  lifecycle?: Lifecycle;
}

/** True when every field present in the selector contains the target's value. */
export function selectorMatches(sel: PolicySelector, t: MatchTarget): boolean {
  if (sel.skus && !sel.skus.includes(t.sku)) return false;
  if (sel.locations && !sel.locations.includes(t.location)) return false;
  if (sel.abc && !sel.abc.includes(t.abc)) return false;
  if (sel.xyz && !sel.xyz.includes(t.xyz)) return false;
  if (sel.lifecycle && !(t.lifecycle && sel.lifecycle.includes(t.lifecycle))) return false;
  return true;
}

const specificity = (sel: PolicySelector): number[] => [sel.skus ? 1 : 0, sel.lifecycle ? 1 : 0, (sel.locations ? 1 : 0) + (sel.abc ? 1 : 0) + (sel.xyz ? 1 : 0)];

/** -1, 0 or 1 as a is less, as, or more specific than b (lexicographic). */
function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i] ? 1 : -1;
  return 0;
}

/** The policy for `t`, or null when none matches. */
export function choosePolicy<P extends MatchablePolicy>(policies: readonly P[], t: MatchTarget): P | null {
  let best: P | null = null;
  let bestSpec: number[] = [-1, -1, -1];
  for (const p of policies) {
    if (!selectorMatches(p.selector, t)) continue;
    const sp = specificity(p.selector);
    const c = compare(sp, bestSpec);
    const better = c > 0 || (c === 0 && best !== null && p.code < best.code);
    if (best === null || better) {
      best = p;
      bestSpec = sp;
    }
  }
  return best;
}
