/**
 * Which policy version applies to a SKU x location (pure). Candidates are the active current
 * versions whose selector matches (every present field must contain the SKU's value). The most
 * specific wins: a selector naming SKUs beats one that does not; then the one restricting more
 * of (locations, abc, xyz); then the policy code, alphabetically (deterministic).
 */
import type { AbcClass, PolicySelector, XyzClass } from './types.ts';

export interface MatchablePolicy {
  code: string;
  selector: PolicySelector;
}

export interface MatchTarget {
  sku: string;
  location: string;
  abc: AbcClass;
  xyz: XyzClass;
}

/** True when every field present in the selector contains the target's value. */
export function selectorMatches(sel: PolicySelector, t: MatchTarget): boolean {
  if (sel.skus && !sel.skus.includes(t.sku)) return false;
  if (sel.locations && !sel.locations.includes(t.location)) return false;
  if (sel.abc && !sel.abc.includes(t.abc)) return false;
  if (sel.xyz && !sel.xyz.includes(t.xyz)) return false;
  return true;
}

const specificity = (sel: PolicySelector): [number, number] => [sel.skus ? 1 : 0, (sel.locations ? 1 : 0) + (sel.abc ? 1 : 0) + (sel.xyz ? 1 : 0)];

/** The policy for `t`, or null when none matches. */
export function choosePolicy<P extends MatchablePolicy>(policies: readonly P[], t: MatchTarget): P | null {
  let best: P | null = null;
  let bestSpec: [number, number] = [-1, -1];
  for (const p of policies) {
    if (!selectorMatches(p.selector, t)) continue;
    const sp = specificity(p.selector);
    const better = sp[0] > bestSpec[0] || (sp[0] === bestSpec[0] && (sp[1] > bestSpec[1] || (sp[1] === bestSpec[1] && best !== null && p.code < best.code)));
    if (best === null || better) {
      best = p;
      bestSpec = sp;
    }
  }
  return best;
}
