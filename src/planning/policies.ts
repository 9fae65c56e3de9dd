/**
 * Replenishment policies: named, owned, versioned. A policy's content (selector, service target,
 * review period, lead-time assumption, order rules, exposure caps) lives in immutable versions;
 * a change is a new version with its own owner and rationale, never an update. Plans use each
 * policy's highest version and record which version produced every suggestion.
 */
import type { Selectable } from 'kysely';
import { isUniqueViolation } from '../catalog/index.ts';
import { conflict, notFound, validationError } from '../shared/errors.ts';
import { inTransaction, type Executor } from '../store/executor.ts';
import type { PolicyVersionsTable } from './schema.ts';
import { DEMAND_CLASSES, LIFECYCLES, type AbcClass, type ClassShifts, type DemandClassName, type LeadTimeMode, type Policy, type PolicyInput, type PolicyRules, type PolicySelector, type PolicyVersion, type PolicyVersionInput, type XyzClass } from './types.ts';
import { checkInt, checkNumber, checkText, nullable, unknownCodes } from './validate.ts';

const ABC: readonly AbcClass[] = ['A', 'B', 'C'];
const XYZ: readonly XyzClass[] = ['X', 'Y', 'Z'];
const LEAD_TIME_MODES: readonly LeadTimeMode[] = ['learned', 'supplier-default', 'fixed'];

/** Rules of a new policy when the input leaves them out. */
export const DEFAULT_RULES: PolicyRules = {
  selector: {},
  serviceTarget: { kind: 'fill-rate', level: 0.95 },
  reviewPeriodDays: 7,
  leadTimeMode: 'learned',
  leadTimeDays: null,
  leadTimeSdDays: null,
  orderMultiple: null,
  maxCoverDays: null,
  maxOrderValue: null,
  safetyShift: 0,
  orderWeekdays: null,
  classShifts: null,
  autoCalibrate: false,
  orderCost: null,
  holdingRate: 0.25,
  runBudget: null,
  active: true,
};

function checkCodes<T extends string>(field: string, v: unknown, allowed?: readonly T[]): T[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || v.length > 10_000) throw validationError(`${field} must be a non-empty list of codes`, { field });
  return v.map((x, i) => {
    if (typeof x !== 'string' || !x.trim()) throw validationError(`${field}[${i}] must be a non-empty text`, { field: `${field}[${i}]` });
    // an allowed value in any case ('a' for 'A', 'SLOW' for 'slow')
    const c = allowed ? (allowed.find((a) => a.toLowerCase() === x.trim().toLowerCase()) ?? x.trim()) : x.trim();
    if (allowed && !allowed.includes(c as T)) throw validationError(`${field}[${i}] must be one of ${allowed.join(', ')} (got ${JSON.stringify(x)})`, { field: `${field}[${i}]` });
    return c as T;
  });
}

/** Order days: null (any day) or a non-empty list of distinct ISO weekdays 1-7, returned sorted. */
function checkWeekdays(v: unknown): number[] | null {
  if (v === null) return null;
  if (!Array.isArray(v) || v.length === 0 || v.length > 7) throw validationError('orderWeekdays must be null (any day) or a non-empty list of ISO weekdays 1-7 (1 = Monday)', { field: 'orderWeekdays' });
  v.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 1 || d > 7) throw validationError(`orderWeekdays[${i}] must be an ISO weekday 1-7, 1 = Monday (got ${JSON.stringify(d)})`, { field: `orderWeekdays[${i}]` });
  });
  if (new Set(v).size !== v.length) throw validationError('orderWeekdays lists a weekday twice', { field: 'orderWeekdays' });
  return [...(v as number[])].sort((a, b) => a - b);
}

/** Validates a selector: only abc, xyz, lifecycle, skus, locations. */
export function checkSelector(v: unknown): PolicySelector {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw validationError('selector must be an object', { field: 'selector' });
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!['abc', 'xyz', 'lifecycle', 'skus', 'locations'].includes(k)) throw validationError(`selector.${k} is not a selector field (abc, xyz, lifecycle, skus, locations)`, { field: `selector.${k}` });
  const out: PolicySelector = {};
  const abc = checkCodes('selector.abc', o.abc, ABC);
  const xyz = checkCodes('selector.xyz', o.xyz, XYZ);
  const lifecycle = checkCodes('selector.lifecycle', o.lifecycle, LIFECYCLES);
  if (lifecycle) out.lifecycle = [...new Set(lifecycle)];
  const skus = checkCodes<string>('selector.skus', o.skus);
  const locations = checkCodes<string>('selector.locations', o.locations);
  if (abc) out.abc = [...new Set(abc)];
  if (xyz) out.xyz = [...new Set(xyz)];
  if (skus) out.skus = [...new Set(skus)];
  if (locations) out.locations = [...new Set(locations)];
  return out;
}

/**
 * Shift per demand class: null (none) or an object whose keys are demand classes and values
 * numbers in [-3, 3]; zero shifts are dropped, and an object left empty is null.
 */
function checkClassShifts(v: unknown): ClassShifts | null {
  if (v === null) return null;
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw validationError('classShifts must be null or an object { smooth, erratic, intermittent, lumpy } of shifts', { field: 'classShifts' });
  const out: ClassShifts = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (!(DEMAND_CLASSES as readonly string[]).includes(k)) throw validationError(`classShifts.${k} is not a demand class (${DEMAND_CLASSES.join(', ')})`, { field: `classShifts.${k}` });
    const z = checkNumber(`classShifts.${k}`, x, -3, 3);
    if (z !== 0) out[k as DemandClassName] = z;
  }
  return Object.keys(out).length ? out : null;
}

/** The previous rules with the input's fields applied, validated as a whole. */
export function mergeRules(base: PolicyRules, input: PolicyVersionInput): PolicyRules {
  const r: PolicyRules = { ...base };
  if (input.selector !== undefined) r.selector = checkSelector(input.selector);
  if (input.serviceTarget !== undefined) {
    const t = input.serviceTarget as unknown as Record<string, unknown>;
    if (!t || typeof t !== 'object') throw validationError('serviceTarget must be an object { kind, level }', { field: 'serviceTarget' });
    if (t.kind !== 'fill-rate' && t.kind !== 'cycle-service') throw validationError(`serviceTarget.kind must be fill-rate or cycle-service (got ${JSON.stringify(t.kind)})`, { field: 'serviceTarget.kind' });
    const level = checkNumber('serviceTarget.level', t.level, 0.5, 0.9999);
    r.serviceTarget = { kind: t.kind, level };
  }
  if (input.reviewPeriodDays !== undefined) r.reviewPeriodDays = checkInt('reviewPeriodDays', input.reviewPeriodDays, 1, 365);
  if (input.leadTimeMode !== undefined) {
    if (!LEAD_TIME_MODES.includes(input.leadTimeMode)) throw validationError(`leadTimeMode must be one of ${LEAD_TIME_MODES.join(', ')} (got ${JSON.stringify(input.leadTimeMode)})`, { field: 'leadTimeMode' });
    r.leadTimeMode = input.leadTimeMode;
  }
  const ltd = nullable(input.leadTimeDays, (v) => checkNumber('leadTimeDays', v, 0, 730));
  if (ltd !== undefined) r.leadTimeDays = ltd;
  const lts = nullable(input.leadTimeSdDays, (v) => checkNumber('leadTimeSdDays', v, 0, 365));
  if (lts !== undefined) r.leadTimeSdDays = lts;
  const om = nullable(input.orderMultiple, (v) => checkInt('orderMultiple', v, 1, 1_000_000));
  if (om !== undefined) r.orderMultiple = om;
  const mc = nullable(input.maxCoverDays, (v) => checkInt('maxCoverDays', v, 1, 3650));
  if (mc !== undefined) r.maxCoverDays = mc;
  const mv = nullable(input.maxOrderValue, (v) => checkInt('maxOrderValue', v, 1));
  if (mv !== undefined) r.maxOrderValue = mv;
  if (input.safetyShift !== undefined) r.safetyShift = checkNumber('safetyShift', input.safetyShift, -3, 3);
  if (input.orderWeekdays !== undefined) r.orderWeekdays = checkWeekdays(input.orderWeekdays);
  if (input.classShifts !== undefined) r.classShifts = checkClassShifts(input.classShifts);
  if (input.autoCalibrate !== undefined) {
    if (typeof input.autoCalibrate !== 'boolean') throw validationError('autoCalibrate must be true or false', { field: 'autoCalibrate' });
    r.autoCalibrate = input.autoCalibrate;
  }
  const oc = nullable(input.orderCost, (v) => checkInt('orderCost', v, 1));
  if (oc !== undefined) r.orderCost = oc;
  if (input.holdingRate !== undefined) r.holdingRate = checkNumber('holdingRate', input.holdingRate, 0.01, 5);
  const rb = nullable(input.runBudget, (v) => checkInt('runBudget', v, 0));
  if (rb !== undefined) r.runBudget = rb;
  if (input.active !== undefined) {
    if (typeof input.active !== 'boolean') throw validationError('active must be true or false', { field: 'active' });
    r.active = input.active;
  }
  if (r.leadTimeMode === 'fixed' && r.leadTimeDays === null) throw validationError('leadTimeMode fixed needs leadTimeDays', { field: 'leadTimeDays' });
  return r;
}

/** A stored policy version as read back (the table's columns but its ids). */
type VersionRow = Omit<Selectable<PolicyVersionsTable>, 'id' | 'policy_id'>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function versionFromRow(r: VersionRow): PolicyVersion {
  return {
    version: Number(r.version),
    owner: r.owner,
    rationale: r.rationale,
    selector: JSON.parse(r.selector) as PolicySelector,
    serviceTarget: { kind: r.service_kind as 'fill-rate' | 'cycle-service', level: Number(r.service_level) },
    reviewPeriodDays: Number(r.review_period_days),
    leadTimeMode: r.lead_time_mode as LeadTimeMode,
    leadTimeDays: num(r.lead_time_days),
    leadTimeSdDays: num(r.lead_time_sd_days),
    orderMultiple: num(r.order_multiple),
    maxCoverDays: num(r.max_cover_days),
    maxOrderValue: num(r.max_order_value),
    safetyShift: Number(r.safety_shift ?? 0),
    orderWeekdays: r.order_weekdays ? (JSON.parse(r.order_weekdays) as number[]) : null,
    classShifts: r.class_shifts ? (JSON.parse(r.class_shifts) as ClassShifts) : null,
    autoCalibrate: Number(r.auto_calibrate ?? 0) === 1,
    orderCost: num(r.order_cost),
    holdingRate: Number(r.holding_rate ?? 0.25),
    runBudget: num(r.run_budget),
    active: Number(r.active) === 1,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

const VERSION_COLUMNS = [
  'v.version',
  'v.owner',
  'v.rationale',
  'v.selector',
  'v.service_kind',
  'v.service_level',
  'v.review_period_days',
  'v.lead_time_mode',
  'v.lead_time_days',
  'v.lead_time_sd_days',
  'v.order_multiple',
  'v.max_cover_days',
  'v.max_order_value',
  'v.safety_shift',
  'v.order_weekdays',
  'v.class_shifts',
  'v.auto_calibrate',
  'v.order_cost',
  'v.holding_rate',
  'v.run_budget',
  'v.active',
  'v.created_at',
  'v.created_by',
] as const;

async function insertVersion(ex: Executor, policyId: number, version: number, owner: string, rationale: string, r: PolicyRules, actor: string): Promise<void> {
  await ex.db
    .insertInto('policy_versions')
    .values({
      policy_id: policyId,
      version,
      owner,
      rationale,
      selector: JSON.stringify(r.selector),
      service_kind: r.serviceTarget.kind,
      service_level: r.serviceTarget.level,
      review_period_days: r.reviewPeriodDays,
      lead_time_mode: r.leadTimeMode,
      lead_time_days: r.leadTimeDays,
      lead_time_sd_days: r.leadTimeSdDays,
      order_multiple: r.orderMultiple,
      max_cover_days: r.maxCoverDays,
      max_order_value: r.maxOrderValue,
      safety_shift: r.safetyShift,
      order_weekdays: r.orderWeekdays ? JSON.stringify(r.orderWeekdays) : null,
      class_shifts: r.classShifts ? JSON.stringify(r.classShifts) : null,
      auto_calibrate: r.autoCalibrate ? 1 : 0,
      order_cost: r.orderCost,
      holding_rate: r.holdingRate,
      run_budget: r.runBudget,
      active: r.active ? 1 : 0,
      created_at: new Date().toISOString(),
      created_by: actor,
    })
    .execute();
}

/** Every policy with its current (highest) version, ordered by code. Retired policies are included when `includeInactive`. */
export async function listPolicies(ex: Executor, options: { includeInactive?: boolean } = {}): Promise<Policy[]> {
  const rows = await ex.db
    .selectFrom('policies as p')
    .innerJoin('policy_versions as v', 'v.policy_id', 'p.id')
    .where((eb) => eb('v.version', '=', eb.selectFrom('policy_versions as w').select((w) => w.fn.max('w.version').as('m')).whereRef('w.policy_id', '=', 'p.id')))
    .select(['p.code', 'p.name', 'p.created_at as p_created_at', 'p.created_by as p_created_by', ...VERSION_COLUMNS])
    .orderBy('p.code')
    .execute();
  return rows
    .map((r) => ({ code: r.code, name: r.name, createdAt: r.p_created_at, createdBy: r.p_created_by, current: versionFromRow(r as unknown as VersionRow) }))
    .filter((p) => options.includeInactive || p.current.active);
}

/** One policy with its current version; 404 NOT_FOUND for an unknown code. */
export async function getPolicy(ex: Executor, code: string): Promise<Policy> {
  const all = await listPolicies(ex, { includeInactive: true });
  const p = all.find((x) => x.code === code);
  if (!p) throw notFound('policy', code);
  return p;
}

/** All versions of a policy, oldest first; 404 for an unknown code. */
export async function listPolicyVersions(ex: Executor, code: string): Promise<PolicyVersion[]> {
  const p = await ex.db.selectFrom('policies').select('id').where('code', '=', code).executeTakeFirst();
  if (!p) throw notFound('policy', code);
  const rows = await ex.db.selectFrom('policy_versions as v').select([...VERSION_COLUMNS]).where('v.policy_id', '=', p.id).orderBy('v.version').execute();
  return rows.map((r) => versionFromRow(r as unknown as VersionRow));
}

/**
 * The SKU and location codes a selector names must exist (a typo would otherwise match nothing,
 * silently): 400 naming `selector.skus` or `selector.locations` and the unknown codes.
 */
async function checkSelectorCodes(ex: Executor, selector: PolicySelector): Promise<void> {
  const lists = [
    ['skus', 'sku', 'SKU', selector.skus],
    ['locations', 'location', 'location', selector.locations],
  ] as const;
  for (const [field, kind, what, codes] of lists) {
    const { missing, count } = await unknownCodes(ex, kind, codes ?? []);
    if (count === 0) continue;
    const more = count > 10 ? ` and ${count - 10} more` : '';
    throw validationError(`selector.${field}: unknown ${what}${count === 1 ? '' : 's'} ${missing.slice(0, 10).map((c) => JSON.stringify(c)).join(', ')}${more}`, { field: `selector.${field}`, missing });
  }
}

/** Creates a policy with version 1. 409 POLICY_EXISTS when the code is taken. */
export async function createPolicy(ex: Executor, input: PolicyInput, ctx: { actor: string }): Promise<Policy> {
  if (!input || typeof input !== 'object') throw validationError('policy must be an object');
  const code = checkText('code', input.code, 100);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(code)) throw validationError(`code must be letters, digits, '.', '_' or '-' (got ${JSON.stringify(code)})`, { field: 'code' });
  const name = checkText('name', input.name, 200);
  const owner = checkText('owner', input.owner, 200);
  const rationale = checkText('rationale', input.rationale, 4000);
  const rules = mergeRules(DEFAULT_RULES, input);
  await checkSelectorCodes(ex, rules.selector);
  try {
    await inTransaction(ex, async (tx) => {
      const row = await tx.db.insertInto('policies').values({ code, name, created_at: new Date().toISOString(), created_by: ctx.actor }).returning('id').executeTakeFirstOrThrow();
      await insertVersion(tx, Number(row.id), 1, owner, rationale, rules, ctx.actor);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('POLICY_EXISTS', `policy ${JSON.stringify(code)} already exists; change it with a new version`, { code });
    throw e;
  }
  return getPolicy(ex, code);
}

/**
 * Adds a version to a policy: fields left out keep the current version's values; owner and
 * rationale are always required (who answers for the change, and why). 404 for an unknown code;
 * 409 POLICY_VERSION_CONFLICT if another version was added at the same moment.
 */
export async function addPolicyVersion(ex: Executor, code: string, input: PolicyVersionInput, ctx: { actor: string }): Promise<Policy> {
  if (!input || typeof input !== 'object') throw validationError('version must be an object');
  const owner = checkText('owner', input.owner, 200);
  const rationale = checkText('rationale', input.rationale, 4000);
  const current = await getPolicy(ex, code);
  const rules = mergeRules(current.current, input);
  if (input.selector !== undefined) await checkSelectorCodes(ex, rules.selector);
  const policy = await ex.db.selectFrom('policies').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  try {
    await insertVersion(ex, Number(policy.id), current.current.version + 1, owner, rationale, rules, ctx.actor);
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('POLICY_VERSION_CONFLICT', `policy ${JSON.stringify(code)} got a new version meanwhile; reload and retry`, { code });
    throw e;
  }
  return getPolicy(ex, code);
}
