/** Location master data: warehouses, FBA, 3PL, stores; whether on hand may go negative there; the transfer region it exchanges stock within. */
import type { Executor } from '../store/executor.ts';
import { EntityService } from './entity.ts';
import { LOCATION_KINDS, type ListOptions, type Location, type LocationFilters, type LocationInput, type Page, type UpsertResult } from './types.ts';
import { checkBool, checkEnum, checkText } from './validate.ts';

const FIELDS = ['code', 'name', 'kind', 'negativeStockAllowed', 'transferRegion', 'active'] as const;

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
    active: Number(r.active) === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }),
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
