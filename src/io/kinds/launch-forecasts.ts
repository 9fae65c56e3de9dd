/**
 * Launch forecasts from a CSV (planning/launch-forecasts.ts): one row per SKU x location, set or
 * replaced (re-importing a file changes nothing). The bulk path for a season's new products.
 */
import { DEFAULT_HAND_OVER_DAYS, DEFAULT_LAUNCH_CV, setLaunchForecast, type LaunchForecast } from '../../planning/index.ts';
import { parseCode, parseDay, parseDecimal, parseInteger, parseText } from '../fields.ts';
import type { ColumnSpec, ImportKind } from '../import-kind.ts';

interface LaunchRow {
  sku: string;
  location: string;
  ratePerDay: number;
  cv?: number;
  launchDay?: string;
  handOverDays?: number;
  owner: string;
  rationale: string;
}

const columns: ColumnSpec[] = [
  { name: 'sku', required: true, parse: parseCode, description: 'SKU code (must exist)', example: 'TEE-NEW-M' },
  { name: 'location', required: true, parse: parseCode, description: 'Location code (must exist)', example: 'WH-MAIN' },
  { name: 'rate_per_day', required: true, parse: (t) => parseDecimal(t, { min: 1e-6, max: 1e9 }), description: 'Expected demand per day from the launch day on', example: '3.5' },
  { name: 'cv', parse: (t) => parseDecimal(t, { min: 0, max: 10 }), description: `Coefficient of variation of that rate (default ${DEFAULT_LAUNCH_CV}; higher protects each launch more)`, example: '0.5' },
  { name: 'launch_day', parse: parseDay, description: 'Day demand starts, YYYY-MM-DD (default: the day of the import, UTC)', example: '2026-12-01' },
  { name: 'hand_over_days', parse: (t) => parseInteger(t, { min: 1, max: 730 }), description: `Days of own history after which the launch forecast no longer counts (default ${DEFAULT_HAND_OVER_DAYS})`, example: '56' },
  { name: 'owner', required: true, parse: (t) => parseText(t, 200), description: 'Who answers for the forecast', example: 'ana' },
  { name: 'rationale', required: true, parse: (t) => parseText(t, 4000), description: 'Why this rate (e.g. the analogue product)', example: 'like TEE-CLASSIC-M in its first 8 weeks' },
];

export const launchForecastsKind: ImportKind<LaunchRow> = {
  kind: 'launch-forecasts',
  summary: 'Launch forecasts of new SKU x locations: rate per day, its cv, launch day, hand-over days, owner, rationale (set or replaced per pair)',
  columns,
  ignoredColumns: ['updated_at', 'updated_by'],
  rerunSafe: true,
  build: (v) => ({
    sku: v.sku as string,
    location: v.location as string,
    ratePerDay: v.rate_per_day as number,
    cv: v.cv as number | undefined,
    launchDay: v.launch_day as string | undefined,
    handOverDays: v.hand_over_days as number | undefined,
    owner: v.owner as string,
    rationale: v.rationale as string,
  }),
  uniqueKey: (r) => ({ key: `${r.sku}\u0000${r.location}`, column: 'location' }),
  refs: (r) => [
    { kind: 'sku', code: r.sku, column: 'sku' },
    { kind: 'location', code: r.location, column: 'location' },
  ],
  fieldColumns: { rate_per_day: 'rate_per_day', cv: 'cv', launch_day: 'launch_day', hand_over_days: 'hand_over_days', owner: 'owner', rationale: 'rationale', sku: 'sku', location: 'location' },
  apply: async (tx, rows, ctx) => {
    const today = new Date().toISOString().slice(0, 10);
    for (const { row } of rows) await setLaunchForecast(tx, row.sku, row.location, row, { actor: ctx.actor, today });
    return { applied: rows.length, replayed: 0 };
  },
};

/** Export columns: the import columns + when and by whom each was set (ignored on import). */
export const launchExportColumns = [...columns.map((c) => c.name), 'updated_at', 'updated_by'];

export const launchRecord = (l: LaunchForecast): Record<string, string> => ({
  sku: l.sku,
  location: l.location,
  rate_per_day: String(l.ratePerDay),
  cv: String(l.cv),
  launch_day: l.launchDay,
  hand_over_days: String(l.handOverDays),
  owner: l.owner,
  rationale: l.rationale,
  updated_at: l.updatedAt,
  updated_by: l.updatedBy,
});
