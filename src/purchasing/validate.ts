/**
 * Input checks of the purchasing module: each failure is a 400 VALIDATION_FAILED naming the field.
 * The checks common to the domain modules live in src/shared/validate.ts and are re-exported here.
 */
import { validationError } from '../shared/errors.ts';

export { checkCode, checkDay, checkInstant, checkInt, checkLines, checkOptDay, checkOptText, nowOf } from '../shared/validate.ts';

/** Clock skew tolerated between a client's stated instant and the server's. */
const SKEW_MS = 5 * 60_000;

/** Refuses (400) an instant later than `now` (plus 5 minutes of clock skew): a receipt or a shipment cannot be in the future. */
export function notInFuture(label: string, instant: string, now: string): string {
  if (Date.parse(instant) > Date.parse(now) + SKEW_MS) throw validationError(`${label} ${instant} is in the future`, { field: label });
  return instant;
}
