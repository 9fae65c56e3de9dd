/**
 * Setup: the suppliers and locations the plan runs read, each setting with what it does, edited
 * in place by a planner (PATCH /suppliers/CODE, /locations/CODE; a viewer's save is refused by the
 * API, 403, and says so); "New" under a table creates one (POST /suppliers, /locations). SKUs are
 * edited on their own pages (Stock); importing master data in bulk stays with the CLI and API
 * (`stockloop import`, POST /.../bulk).
 */
import { useEffect, useState } from 'react';
import { getAll } from '../api.ts';
import { MasterTable, type FieldSpec } from '../components/master-table.tsx';
import { ErrorBox, Loading, PageHeader } from '../components/ui.tsx';
import { money, num1 } from '../format.ts';
import { useApi } from '../hooks.ts';
import type { Location, Supplier } from '../types.ts';

const SUPPLIER_FIELDS: readonly FieldSpec<Supplier>[] = [
  { key: 'name', label: 'Name', kind: 'text' },
  { key: 'default_lead_time_days', label: 'Lead time (d)', kind: 'number', num: true, show: (v) => num1(v as number), help: 'Days from placing a PO to receiving it, assumed until receipts teach better (the plan then learns the mean and spread)' },
  { key: 'lead_time_sd_days', label: 'Lead time sd (d)', kind: 'number', nullable: true, num: true, show: (v) => (v === null ? '–' : num1(v as number)), help: 'Spread of the lead time assumed until receipts teach better (empty: none)' },
  { key: 'moq', label: 'MOQ', kind: 'number', num: true, help: 'Minimum order quantity per SKU on one PO (0 = none): a line is 0 or at least this' },
  { key: 'min_order_value', label: 'Min. order value', kind: 'money', nullable: true, num: true, show: (v) => money(v as string | null), help: "A PO's minimum value: the plan tops a supplier's lines up to it in whole packs, most urgent first (empty: none)" },
  { key: 'max_open_value', label: 'Max. open value', kind: 'money', nullable: true, num: true, show: (v) => money(v as string | null), help: "Exposure cap: the supplier's open and draft POs plus a plan run's new lines stay at most this; the run cuts its lines to fit (empty: none)" },
  { key: 'deposit_pct', label: 'Deposit %', kind: 'number', num: true, help: "Percent of an order's value paid when it is placed (0-100): when the money on order leaves (Purchasing, money by week of payment)" },
  { key: 'payment_terms_days', label: 'Net days', kind: 'number', num: true, help: 'Days after delivery the rest of an order is paid (0 = on delivery)' },
  { key: 'currency', label: 'Currency', kind: 'text' },
  { key: 'receipt_tolerance_pct', label: 'Over-receipt %', kind: 'number', num: true, help: 'Percent a receipt may exceed the ordered quantity by' },
  { key: 'active', label: 'Active', kind: 'bool' },
];

/** The location fields; `codes`: the locations a location can be replenished from. */
const locationFields = (codes: readonly string[]): readonly FieldSpec<Location>[] => [
  { key: 'name', label: 'Name', kind: 'text' },
  { key: 'kind', label: 'Kind', kind: 'select', options: ['warehouse', 'fba', '3pl', 'store'] },
  { key: 'transfer_region', label: 'Transfer region', kind: 'text', nullable: true, help: "Locations with the same region send each other stock: a plan run moves one's excess to another's order before buying (empty: none)" },
  {
    key: 'replenish_from',
    label: 'Replenished from',
    kind: 'select',
    nullable: true,
    options: codes,
    help: "The location this one is fed from by transfer (FBA or 3PL stock sent from a warehouse): it buys nothing, a plan run sends what it needs from there, and the source buys for both (none: bought from suppliers)",
  },
  { key: 'transfer_lead_time_days', label: 'Transfer lead time (d)', kind: 'number', nullable: true, num: true, show: (v) => (v === null ? '–' : num1(v as number)), help: 'Days a transfer from the source takes until its stock sells here (default 7 with a source)' },
  { key: 'transfer_lead_time_sd_days', label: 'Transfer lead time sd (d)', kind: 'number', nullable: true, num: true, show: (v) => (v === null ? '–' : num1(v as number)), help: 'Spread of that lead time (FBA check-in varies; default 0)' },
  { key: 'negative_stock_allowed', label: 'Negative stock allowed', kind: 'bool', help: 'On hand may go below zero here' },
  { key: 'active', label: 'Active', kind: 'bool' },
];

/** A new supplier's defaults, as the API applies them. */
const NEW_SUPPLIER = { code: '', name: '', default_lead_time_days: 0, lead_time_sd_days: null, moq: 0, min_order_value: null, max_open_value: null, deposit_pct: 0, payment_terms_days: 0, currency: 'USD', receipt_tolerance_pct: 0, active: true } as unknown as Supplier;
/** A new location's defaults, as the API applies them. */
const NEW_LOCATION = { code: '', name: '', kind: 'warehouse', transfer_region: null, replenish_from: null, transfer_lead_time_days: null, transfer_lead_time_sd_days: null, negative_stock_allowed: false, active: true } as unknown as Location;

/** Rows loaded once, then replaced one by one as they are saved. */
function useRows<T extends { code: string }>(path: string) {
  const loaded = useApi(() => getAll<T>(path), [path]);
  const [rows, setRows] = useState<T[]>([]);
  useEffect(() => {
    if (loaded.data) setRows(loaded.data.items);
  }, [loaded.data]);
  const replace = (row: T) => setRows((rs) => rs.map((r) => (r.code === row.code ? row : r)));
  const append = (row: T) => setRows((rs) => [...rs, row].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)));
  return { loaded, rows, replace, append };
}

export function SetupPage() {
  const suppliers = useRows<Supplier>('/suppliers');
  const locations = useRows<Location>('/locations');
  const regions = new Map<string, string[]>();
  for (const l of locations.rows) if (l.transfer_region && l.active) regions.set(l.transfer_region, [...(regions.get(l.transfer_region) ?? []), l.code]);
  const fed = locations.rows.filter((l) => l.replenish_from && l.active);
  const sources = locations.rows.filter((l) => l.active && !l.replenish_from).map((l) => l.code);
  return (
    <>
      <PageHeader
        title="Setup"
        sub="The suppliers and locations the plan runs read. A planner edits a row in place (Edit, then Save: only the changed fields are sent) or adds one (New, under each table); the next plan run uses the new values. Hover a column for what it does. A SKU is edited on its page (Stock); bulk changes with stockloop import."
      />
      <ErrorBox error={suppliers.loaded.error ?? locations.loaded.error} />
      <section className="panel">
        <h2>Suppliers</h2>
        <Loading loading={suppliers.loaded.loading && !suppliers.loaded.data} what="Loading suppliers" />
        <MasterTable path="/suppliers" rows={suppliers.rows} fields={SUPPLIER_FIELDS} testId="suppliers" onSaved={suppliers.replace} blank={NEW_SUPPLIER} onCreated={suppliers.append} />
      </section>
      <section className="panel">
        <h2>Locations</h2>
        <p className="muted" data-testid="regions">
          {regions.size === 0
            ? 'No transfer regions: every location buys for itself.'
            : `Transfer regions: ${[...regions].map(([r, codes]) => `${r} (${codes.join(', ')})`).join('; ')}. Within a region a plan run moves excess stock to another location's order before buying.`}
        </p>
        <p className="muted" data-testid="network">
          {fed.length === 0
            ? 'Every location is bought for from suppliers (none is replenished from another).'
            : `Replenished by transfer: ${fed.map((l) => `${l.code} from ${l.replenish_from} (${num1(l.transfer_lead_time_days ?? 7)} d)`).join('; ')}. A plan run sends what these need from their source and buys nothing for them; the source buys for both.`}
        </p>
        <Loading loading={locations.loaded.loading && !locations.loaded.data} what="Loading locations" />
        <MasterTable path="/locations" rows={locations.rows} fields={locationFields(sources)} testId="locations" onSaved={locations.replace} blank={NEW_LOCATION} onCreated={locations.append} />
      </section>
    </>
  );
}
