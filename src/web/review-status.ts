/**
 * What a saved policy review means for today's policies: which of its proposals are still open
 * (the policy has not changed since, and nothing was applied). Shared by the Policies page and the
 * dashboard.
 */
import type { PolicyApi, PolicyOutcomeApi, PolicyReviewApi } from './types.ts';

/** A proposal applying would write: a policy to change and a proposed shift. */
export const applicable = (p: PolicyOutcomeApi): boolean => p.policy !== null && (p.calibration?.status === 'calibrated' || p.calibration?.status === 'at-limit');

/**
 * The review's proposals still open: applicable, not applied by the review, and for the policy
 * version that is current (a policy changed since was reviewed as it was; its next review decides).
 */
export function openProposals(review: PolicyReviewApi, policies: readonly PolicyApi[]): PolicyOutcomeApi[] {
  const applied = new Set((review.applied ?? []).map((a) => a.policy));
  const current = new Map(policies.map((p) => [p.code, p.current.version]));
  return review.policies.filter((p) => applicable(p) && !applied.has(p.policy!) && current.get(p.policy!) === p.version);
}
