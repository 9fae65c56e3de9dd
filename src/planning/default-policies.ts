/**
 * The policies every database starts with (inserted by migration 0600): one per ABC class, fill-rate
 * targets, weekly review, lead times learned from receipts. They are ordinary policies: change
 * them with a new version (`POST /policies/:code/versions`). Migration 0600 inserts these values: do
 * not change them here (a released migration must not change); add a migration instead.
 */
export const DEFAULT_POLICIES = [
  {
    code: 'default-a',
    name: 'Class A (top ~80% of value)',
    selector: { abc: ['A'] },
    serviceTarget: { kind: 'fill-rate' as const, level: 0.98 },
    reviewPeriodDays: 7,
    rationale: 'Default: the few SKUs that carry most of the value get the highest fill rate (98%); weekly review.',
  },
  {
    code: 'default-b',
    name: 'Class B (next ~15% of value)',
    selector: { abc: ['B'] },
    serviceTarget: { kind: 'fill-rate' as const, level: 0.95 },
    reviewPeriodDays: 7,
    rationale: 'Default: middle-value SKUs at a 95% fill rate; weekly review.',
  },
  {
    code: 'default-c',
    name: 'Class C (long tail)',
    selector: { abc: ['C'] },
    serviceTarget: { kind: 'fill-rate' as const, level: 0.9 },
    reviewPeriodDays: 7,
    rationale: 'Default: long-tail SKUs at a 90% fill rate, so cash is not tied up in slow movers; weekly review.',
  },
];
