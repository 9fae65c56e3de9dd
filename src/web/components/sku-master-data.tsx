/**
 * The SKU page's master data, shown and edited in place by a planner (PATCH /skus/CODE): name,
 * unit, unit cost, price, case pack, default supplier, backorders, active, tags. Only the fields that changed
 * are sent (master-table.tsx changedFields); the API's error names the field. The next plan run
 * reads the new values (a case pack rounds every order, the unit cost values the ABC class).
 */
import { useState } from 'react';
import { request } from '../api.ts';
import { money } from '../format.ts';
import { useAction } from '../hooks.ts';
import type { Sku } from '../types.ts';
import { changedFields, FieldInput, toDraft, type Draft, type FieldSpec } from './master-table.tsx';
import { ErrorBox } from './ui.tsx';

/** The master-data fields a planner edits (and sets on a new SKU: new-sku.tsx). */
export const SKU_FIELDS: readonly FieldSpec<Sku>[] = [
  { key: 'name', label: 'Name', kind: 'text' },
  { key: 'unit', label: 'Unit', kind: 'text', help: "The unit stock is counted in (each, pair, kg, …)" },
  { key: 'unit_cost', label: 'Unit cost', kind: 'money', show: (v) => money(v as string), help: 'Standard cost of a unit: values orders, stock and the ABC class' },
  { key: 'price', label: 'Price', kind: 'money', show: (v) => money(v as string), help: 'Selling price: the margin a budget weighs sales by' },
  { key: 'pack_size', label: 'Case pack', kind: 'number', help: 'Units per case: every order line is a whole number of cases' },
  { key: 'default_supplier', label: 'Supplier', kind: 'text', nullable: true, help: 'Default supplier code (empty: none; such a SKU is planned but not put on a PO)' },
  { key: 'backorders_allowed', label: 'Backorders', kind: 'bool', show: (v) => (v ? 'allowed' : 'not allowed'), help: 'Reservations may exceed what is available' },
  { key: 'active', label: 'Active', kind: 'bool', show: (v) => (v ? 'active' : 'inactive') },
  { key: 'tags', label: 'Tags', kind: 'list', show: (v) => ((v as string[]).length ? (v as string[]).join(', ') : 'none'), help: 'Comma-separated labels: filter SKUs by them (GET /skus?tag=)' },
];

export function SkuMasterData({ initial }: { initial: Sku }) {
  const [sku, setSku] = useState(initial);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const save = () =>
    run(async () => {
      const body = changedFields(sku, SKU_FIELDS, draft!);
      if (Object.keys(body).length > 0) {
        setSku(await request<Sku>('PATCH', `/skus/${encodeURIComponent(sku.code)}`, { body }));
        setSaved(`saved ${Object.keys(body).join(', ')}`);
      }
      setDraft(null);
    });
  return (
    <section className="panel" data-testid="sku-master">
      <h2>
        Master data{' '}
        {!draft && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setDraft(toDraft(sku, SKU_FIELDS));
              setSaved(null);
            }}
            data-testid="sku-edit"
          >
            Edit
          </button>
        )}
      </h2>
      {saved && (
        <div className="notice" data-testid="sku-saved">
          {sku.code}: {saved}.
        </div>
      )}
      <dl className="kv">
        {SKU_FIELDS.map((f) => (
          <FieldRow key={f.key} f={f} sku={sku} draft={draft} setDraft={setDraft} />
        ))}
      </dl>
      {draft && (
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={save} data-testid="sku-save">
            Save
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setDraft(null);
              setError(null);
            }}
          >
            Cancel
          </button>
        </div>
      )}
      <ErrorBox error={error} title="Not saved" />
    </section>
  );
}

function FieldRow({ f, sku, draft, setDraft }: { f: FieldSpec<Sku>; sku: Sku; draft: Draft | null; setDraft: (d: Draft) => void }) {
  const v = sku[f.key];
  return (
    <>
      <dt title={f.help}>{f.label}</dt>
      <dd>{draft ? <FieldInput f={f} draft={draft} setDraft={setDraft} /> : f.show ? f.show(v, sku) : v === null || v === '' ? <span className="muted">none</span> : String(v)}</dd>
    </>
  );
}
