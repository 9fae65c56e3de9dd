/**
 * Launch forecasts: a planner's stated demand for a SKU x location with little or no history of
 * its own (a new product, a product new to a channel). Without one the plan has nothing to go on
 * (no expected demand: nothing ordered, and a pair without stock or sales is not planned at all).
 * With one, the plan forecasts the pair from the stated rate and its uncertainty (engine
 * launchForecast: negative binomial, the rate uncertain as a whole) from the launch day on, and
 * hands over to the pair's own history linearly over `hand_over_days` days of it (blendLaunch).
 * After that the launch forecast no longer counts (it is kept, and shown as handed over).
 *
 * Like a policy it names who answers for it and why (owner, rationale). One per SKU x location;
 * setting it again replaces it.
 */
import { notFound, validationError } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { checkDay, checkInt, checkNumber, checkText, optional, unknownCodes } from './validate.ts';

/**
 * Default coefficient of variation of a launch rate. bench/launch.ts: with estimates off by up to a
 * factor of two (log error sd 0.5), cv 0.25 meets the fill-rate target over the launches (90.9 % at
 * 0.90, 95.5 % at 0.95) and cv 0.5 over-delivers by 2-3.5 points with 32-41 % more stock: the
 * target is an average over launches, which the under- and over-estimates share.
 */
export const DEFAULT_LAUNCH_CV = 0.25;
/** Default hand-over: eight weeks of the pair's own history. */
export const DEFAULT_HAND_OVER_DAYS = 56;

export interface LaunchForecast {
  sku: string;
  location: string;
  ratePerDay: number;
  cv: number;
  launchDay: string;
  handOverDays: number;
  owner: string;
  rationale: string;
  updatedAt: string;
  updatedBy: string;
}

/** What a planner sets (snake_case field names in errors, as the API and CLI name them). */
export interface LaunchForecastInput {
  ratePerDay: unknown;
  cv?: unknown;
  launchDay?: unknown;
  handOverDays?: unknown;
  owner: unknown;
  rationale: unknown;
}

type Row = { sku: string; location: string; rate_per_day: number; cv: number; launch_day: string; hand_over_days: number; owner: string; rationale: string; updated_at: string; updated_by: string };

const fromRow = (r: Row): LaunchForecast => ({
  sku: r.sku,
  location: r.location,
  ratePerDay: Number(r.rate_per_day),
  cv: Number(r.cv),
  launchDay: r.launch_day,
  handOverDays: Number(r.hand_over_days),
  owner: r.owner,
  rationale: r.rationale,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

/** The SKU or location must exist: a 400 naming the field. */
async function mustExist(ex: Executor, field: 'sku' | 'location', code: string): Promise<void> {
  if ((await unknownCodes(ex, field, [code])).count > 0) throw validationError(`${field}: unknown ${field === 'sku' ? 'SKU' : 'location'} ${JSON.stringify(code)}`, { field });
}

/**
 * Sets (or replaces) the launch forecast of a SKU x location. `today` is the default launch day;
 * `now` the instant recorded as its update (default the current time).
 * 400 naming the field for a bad value or an unknown SKU / location.
 */
export async function setLaunchForecast(ex: Executor, sku: string, location: string, input: LaunchForecastInput, ctx: { actor: string; today: string; now?: string }): Promise<LaunchForecast> {
  if (!input || typeof input !== 'object') throw validationError('launch forecast must be an object');
  const skuCode = checkText('sku', sku, 100);
  const locCode = checkText('location', location, 100);
  const row = {
    sku: skuCode,
    location: locCode,
    rate_per_day: checkNumber('rate_per_day', input.ratePerDay, 1e-6, 1e9),
    cv: optional(input.cv, (v) => checkNumber('cv', v, 0, 10)) ?? DEFAULT_LAUNCH_CV,
    launch_day: optional(input.launchDay, (v) => checkDay('launch_day', v)) ?? ctx.today,
    hand_over_days: optional(input.handOverDays, (v) => checkInt('hand_over_days', v, 1, 730)) ?? DEFAULT_HAND_OVER_DAYS,
    owner: checkText('owner', input.owner, 200),
    rationale: checkText('rationale', input.rationale, 4000),
    // `now` lets a seed or an import record when the estimate was made (the launch review leaves
    // out estimates changed after their launch day)
    updated_at: ctx.now ?? new Date().toISOString(),
    updated_by: ctx.actor,
  };
  await mustExist(ex, 'sku', skuCode);
  await mustExist(ex, 'location', locCode);
  await ex.db
    .insertInto('launch_forecasts')
    .values(row)
    .onConflict((oc) => oc.columns(['sku', 'location']).doUpdateSet({ rate_per_day: row.rate_per_day, cv: row.cv, launch_day: row.launch_day, hand_over_days: row.hand_over_days, owner: row.owner, rationale: row.rationale, updated_at: row.updated_at, updated_by: row.updated_by }))
    .execute();
  return fromRow(row);
}

/** Launch forecasts, by SKU then location; optionally of one SKU or one location. */
export async function listLaunchForecasts(ex: Executor, filters: { sku?: string; location?: string } = {}): Promise<LaunchForecast[]> {
  let q = ex.db.selectFrom('launch_forecasts').select(['sku', 'location', 'rate_per_day', 'cv', 'launch_day', 'hand_over_days', 'owner', 'rationale', 'updated_at', 'updated_by']).orderBy('sku').orderBy('location');
  if (filters.sku) q = q.where('sku', '=', filters.sku);
  if (filters.location) q = q.where('location', '=', filters.location);
  return (await q.execute()).map((r) => fromRow(r as Row));
}

/** Removes the launch forecast of a SKU x location; 404 when there is none. */
export async function removeLaunchForecast(ex: Executor, sku: string, location: string): Promise<void> {
  const r = await ex.db.deleteFrom('launch_forecasts').where('sku', '=', sku).where('location', '=', location).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw notFound('launch forecast', `${sku} @ ${location}`);
}
