/**
 * The dashboard's and Policies page's reading of a saved review: which proposals are still open.
 */
import { describe, expect, it } from 'vitest';
import { openProposals } from '../src/web/review-status.ts';
import type { PolicyApi, PolicyOutcomeApi, PolicyReviewApi } from '../src/web/types.ts';

const outcome = (policy: string | null, version: number | null, status: string): PolicyOutcomeApi =>
  ({ policy, version, target: { kind: 'fill-rate', level: 0.9 }, achieved: 0.95, calibration: { status, shift: -1 } }) as unknown as PolicyOutcomeApi;
const policy = (code: string, version: number): PolicyApi => ({ code, current: { version } }) as unknown as PolicyApi;

describe('openProposals', () => {
  it('keeps the proposals for the current versions that the review did not apply', () => {
    const review = {
      policies: [
        outcome('a', 1, 'calibrated'), // open
        outcome('b', 1, 'at-limit'), // open: a proposal at the grid's end
        outcome('c', 1, 'calibrated'), // applied by the review
        outcome('d', 1, 'calibrated'), // changed since (now v2): reviewed as it was
        outcome('e', 1, 'within-tolerance'), // nothing proposed
        outcome(null, null, 'no-policy'), // the built-in default cannot take one
      ],
      applied: [{ policy: 'c', from_version: 1, version: 2, safety_shift: -1, rationale: '' }],
    } as unknown as PolicyReviewApi;
    const policies = [policy('a', 1), policy('b', 1), policy('c', 2), policy('d', 2), policy('e', 1)];
    expect(openProposals(review, policies).map((p) => p.policy)).toEqual(['a', 'b']);
  });
});
