/**
 * The counting module: cycle-count plans by ABC class, count sessions with blind counting and a
 * snapshot rule that stays right while trading goes on, variance in units and value, second-person
 * approval above a threshold, posting as count corrections, and inventory record accuracy.
 * Other modules import only from here. See docs/counting.md.
 */
export * from './types.ts';
export { startCount, recordCounts, approveCount, postCount, cancelCount } from './sessions.ts';
export { getCount, getCounterView, listCounts } from './session-views.ts';
export { dueForCount, computeAbcClasses, setAbcClasses, getCountFrequencies, setCountFrequencies } from './plan.ts';
export { inventoryRecordAccuracy } from './accuracy.ts';
export { evaluateCount, onHandEffect } from './count-rules.ts';
export { DEFAULT_COUNT_FREQUENCIES } from './migrations.ts';
