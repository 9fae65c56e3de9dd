/**
 * Input checks of the counting module: each failure is a 400 VALIDATION_FAILED naming the field.
 * The checks common to the domain modules live in src/shared/validate.ts and are re-exported here.
 */
import { validationError } from '../shared/errors.ts';

export { checkCode, checkDay, checkInstant, checkInt, checkLines, checkOptDay, checkOptText, nowOf } from '../shared/validate.ts';

/** A finite number in [min, max]. */
export function checkNum(label: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw validationError(`${label} must be a number between ${min} and ${max} (got ${JSON.stringify(v)})`, { field: label });
  }
  return v;
}
