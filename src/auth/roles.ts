/**
 * API roles, ordered: admin > planner > operator > viewer. A role may do everything the roles
 * below it may do.
 * - viewer: reads everything;
 * - operator: also posts movements, reservations, receipts and counts;
 * - planner: also edits master data, policies, plans and purchase orders;
 * - admin: also manages API tokens.
 */
import { validationError } from '../shared/errors.ts';

export const ROLES = ['viewer', 'operator', 'planner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, planner: 2, admin: 3 };

/** True for one of the four role names. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `actual` may do what `required` may do (same or higher rank). */
export function roleAtLeast(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}

/** Parses a role name from user input; 400 VALIDATION_FAILED naming the valid roles otherwise. */
export function parseRole(value: string): Role {
  const v = value.trim().toLowerCase();
  if (!isRole(v)) throw validationError(`role ${JSON.stringify(value)} is not one of ${ROLES.join(', ')}`, { field: 'role', value });
  return v;
}
