/**
 * Location master data: warehouses, FBA, 3PL, stores; whether on hand may go negative there; the
 * transfer region it exchanges stock within; the location it is replenished from by transfer.
 */
import { validationError } from '../shared/errors.ts';
import type { Executor } from '../store/executor.ts';
import { EntityService, type Refs } from './entity.ts';
import { LOCATION_KINDS, type ListOptions, type Location, type LocationFilters, type LocationInput, type Page, type UpsertResult } from './types.ts';
import { checkBool, checkCode, checkEnum, checkNumber, checkText } from './validate.ts';

const FIELDS = ['code', 'name', 'kind', 'negativeStockAllowed', 'transferRegion', 'replenishFrom', 'transferLeadTimeDays', 'transferLeadTimeSdDays', 'active'] as const;

/** Transfer lead time (days) of a location given a source without one: about a week from a warehouse to FBA check-in. */
export const DEFAULT_TRANSFER_LEAD_TIME_DAYS = 7;
/** Longest transfer lead time or sd accepted, days. */
const MAX_TRANSFER_LEAD_TIME_DAYS = 365;

/**
 * Checks the replenishment network a batch of location inputs leaves (the stored locations with
 * the inputs laid over them): a source must be another active location that is not itself
 * replenished from one (one level: a warehouse feeding FBA or 3PL locations), and a location
 * that feeds others cannot be given a source. Throws VALIDATION_FAILED naming the location, the
 * field and, for several rows, the row.
 */
async function checkNetwork(ex: Executor, inputs: LocationInput[]): Promise<Refs> {
  if (!inputs.some((i) => i && (i.replenishFrom !== undefined || i.active !== undefined))) return new Map();
  const rows = await ex.db.selectFrom('locations').select(['code', 'replenish_from', 'active']).execute();
  const net = new Map<string, { from: string | null; active: boolean }>(rows.map((r) => [r.code, { from: r.replenish_from ?? null, active: Number(r.active) === 1 }]));
  for (const i of inputs) {
    const was = net.get(i.code);
    net.set(i.code, { from: i.replenishFrom !== undefined ? i.replenishFrom : (was?.from ?? null), active: i.active !== undefined ? i.active !== false : (was?.active ?? true) });
  }
  inputs.forEach((input, idx) => {
    const label = inputs.length > 1 ? `row ${idx + 1} (location ${JSON.stringify(input.code)})` : `location ${JSON.stringify(input.code)}`;
    const me = net.get(input.code)!;
    const fail = (problem: string): never => {
      throw validationError(`${label}: replenishFrom ${problem}`, { field: 'replenishFrom', value: me.from as never, at: label });
    };
    const feeds = [...net.entries()].filter(([code, l]) => l.from === input.code && code !== input.code).map(([code]) => code).sort();
    if (me.from !== null) {
      if (typeof me.from !== 'string') return; // toColumns names the bad value
      if (me.from === input.code) fail('must be another location, not itself');
      const src = net.get(me.from);
      if (!src) return fail(`${JSON.stringify(me.from)} is not a location`);
      if (!src.active) fail(`${JSON.stringify(me.from)} is inactive`);
      if (src.from !== null) fail(`${JSON.stringify(me.from)} is itself replenished from ${JSON.stringify(src.from)}: a source must buy from suppliers (one level of transfers is planned)`);
      if (feeds.length) fail(`cannot be set: ${feeds.join(', ')} ${feeds.length > 1 ? 'are' : 'is'} replenished from ${input.code} (one level of transfers is planned)`);
    }
    if (!me.active && feeds.length && input.active === false) {
      throw validationError(`${label}: active cannot be false while ${feeds.join(', ')} ${feeds.length > 1 ? 'are' : 'is'} replenished from it (give ${feeds.length > 1 ? 'them' : 'it'} another source first)`, { field: 'active', at: label });
    }
  });
  return new Map();
}

/** The transfer lead time fields laid over `ex`: null without a source; the default when a source has none. */
function transferLeadTime(label: string, source: string | null, days: unknown, sd: unknown): { days: number | null; sd: number | null } {
  if (source === null) {
    if (days !== null && days !== undefined) throw validationError(`${label}: transferLeadTimeDays needs replenishFrom (got ${JSON.stringify(days)})`, { field: 'transferLeadTimeDays', at: label });
    if (sd !== null && sd !== undefined) throw validationError(`${label}: transferLeadTimeSdDays needs replenishFrom (got ${JSON.stringify(sd)})`, { field: 'transferLeadTimeSdDays', at: label });
    return { days: null, sd: null };
  }
  const check = (field: string, v: unknown, dflt: number) => {
    if (v === null || v === undefined) return dflt;
    const n = checkNumber(label, field, v, 0);
    if (n > MAX_TRANSFER_LEAD_TIME_DAYS) throw validationError(`${label}: ${field} must be at most ${MAX_TRANSFER_LEAD_TIME_DAYS} (got ${JSON.stringify(v)})`, { field, at: label });
    return n;
  };
  return { days: check('transferLeadTimeDays', days, DEFAULT_TRANSFER_LEAD_TIME_DAYS), sd: check('transferLeadTimeSdDays', sd, 0) };
}

/** The generic service configured for locations. */
export const locationService = new EntityService<Location, LocationInput, LocationFilters>({
  table: 'locations',
  what: 'location',
  fields: FIELDS,
  select: (db) => db.selectFrom('locations').selectAll('locations'),
  fromRow: (r) => ({
    id: Number(r.id),
    code: r.code,
    name: r.name,
    kind: r.kind,
    negativeStockAllowed: Number(r.negative_stock_allowed) === 1,
    transferRegion: r.transfer_region ?? null,
    replenishFrom: r.replenish_from ?? null,
    transferLeadTimeDays: r.transfer_lead_time_days === null || r.transfer_lead_time_days === undefined ? null : Number(r.transfer_lead_time_days),
    transferLeadTimeSdDays: r.transfer_lead_time_sd_days === null || r.transfer_lead_time_sd_days === undefined ? null : Number(r.transfer_lead_time_sd_days),
    active: Number(r.active) === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }),
  prepare: (ex, inputs) => checkNetwork(ex, inputs),
  toColumns(input, ex, label) {
    const pick = <K extends keyof LocationInput>(k: K, dflt: LocationInput[K]): LocationInput[K] =>
      input[k] !== undefined ? input[k] : ex ? (ex as any)[k] : dflt;
    const name = input.name !== undefined || !ex ? checkText(label, 'name', input.name) : ex.name;
    return {
      name,
      kind: checkEnum(label, 'kind', pick('kind', 'warehouse'), LOCATION_KINDS),
      negative_stock_allowed: checkBool(label, 'negativeStockAllowed', pick('negativeStockAllowed', false)) ? 1 : 0,
      transfer_region: (() => {
        const v = pick('transferRegion', null);
        return v === null ? null : checkText(label, 'transferRegion', v, 100);
      })(),
      ...(() => {
        const from = pick('replenishFrom', null);
        const source = from === null ? null : checkCode(label, 'replenishFrom', from);
        // a new source without a lead time keeps the one set before, else the default; no source: none
        const lt = source === null ? transferLeadTime(label, null, input.transferLeadTimeDays, input.transferLeadTimeSdDays) : transferLeadTime(label, source, pick('transferLeadTimeDays', null), pick('transferLeadTimeSdDays', null));
        return { replenish_from: source, transfer_lead_time_days: lt.days, transfer_lead_time_sd_days: lt.sd };
      })(),
      active: checkBool(label, 'active', pick('active', true)) ? 1 : 0,
    };
  },
  filter(q, f) {
    if (f.q) q = q.where((eb: any) => eb.or([eb(eb.fn('lower', ['locations.code']), 'like', `%${f.q!.toLowerCase()}%`), eb(eb.fn('lower', ['locations.name']), 'like', `%${f.q!.toLowerCase()}%`)]));
    if (f.kind !== undefined) q = q.where('locations.kind', '=', f.kind);
    if (f.active !== undefined) q = q.where('locations.active', '=', f.active ? 1 : 0);
    return q;
  },
});

/** Creates a location; 409 ALREADY_EXISTS if the code is taken, 400 VALIDATION_FAILED naming the field. */
export const createLocation = (ex: Executor, input: LocationInput): Promise<Location> => locationService.create(ex, input);
/** Changes the given fields of a location (code is immutable); 404 NOT_FOUND if unknown. */
export const updateLocation = (ex: Executor, code: string, patch: Partial<LocationInput>): Promise<Location> => locationService.update(ex, code, patch);
/** One location by code; 404 NOT_FOUND if unknown. */
export const getLocation = (ex: Executor, code: string): Promise<Location> => locationService.get(ex, code);
/** Locations ordered by code, keyset-paged. */
export const listLocations = (ex: Executor, opts: ListOptions<LocationFilters> = {}): Promise<Page<Location>> => locationService.list(ex, opts);
/** Bulk insert-or-update by code, atomic (all rows or none). */
export const upsertLocations = (ex: Executor, rows: LocationInput[]): Promise<UpsertResult> => locationService.upsert(ex, rows);
/** Locations by code; any unknown code -> 404 NOT_FOUND naming it. */
export const resolveLocations = (ex: Executor, codes: string[]): Promise<Map<string, Location>> => locationService.resolve(ex, codes);
/** Locations by id (unknown ids absent). */
export const getLocationsByIds = (ex: Executor, ids: number[]): Promise<Map<number, Location>> => locationService.byIds(ex, ids);
/** How many locations there are, and how many are active. */
export const countLocations = (ex: Executor): Promise<{ total: number; active: number }> => locationService.count(ex);
