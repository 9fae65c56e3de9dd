/**
 * The Stock page's "New SKU" form (POST /skus): a code and the SKU page's master-data fields at
 * the API's defaults (cost and price 0, case pack 1, no supplier, no backorders, active); only
 * what differs is sent (master-table.tsx createBody), the API's error names the field, and the new
 * SKU's page opens (it has no balance yet, so the stock list does not show it until it moves).
 */
import { Fragment, useState } from 'react';
import { request } from '../api.ts';
import { useAction } from '../hooks.ts';
import { navigate, skuHref } from '../router.tsx';
import type { Sku } from '../types.ts';
import { createBody, FieldInput, toDraft, type Draft } from './master-table.tsx';
import { SKU_FIELDS } from './sku-master-data.tsx';
import { ErrorBox } from './ui.tsx';

/** A new SKU's defaults, as the API applies them. */
const BLANK = { code: '', name: '', unit: 'each', unit_cost: '0.00', price: '0.00', pack_size: 1, default_supplier: null, backorders_allowed: false, active: true, tags: [] } as unknown as Sku;

export function NewSku({ onClose }: { onClose: () => void }) {
  const [code, setCode] = useState('');
  const [draft, setDraft] = useState<Draft>(() => toDraft(BLANK, SKU_FIELDS));
  const action = useAction();
  const create = () =>
    action.run(async () => {
      const sku = await request<Sku>('POST', '/skus', { body: createBody(code, BLANK, SKU_FIELDS, draft) });
      navigate(skuHref(sku.code));
    });
  return (
    <section className="panel" data-testid="new-sku">
      <h2>New SKU</h2>
      <dl className="kv">
        <dt>Code</dt>
        <dd>
          <input type="text" aria-label="Code" size={16} value={code} onChange={(e) => setCode(e.target.value)} />
        </dd>
        {SKU_FIELDS.map((f) => (
          <Fragment key={f.key}>
            <dt title={f.help}>{f.label}</dt>
            <dd>
              <FieldInput f={f} draft={draft} setDraft={setDraft} />
            </dd>
          </Fragment>
        ))}
      </dl>
      <div className="filters">
        <button type="button" className="primary" onClick={create} disabled={action.busy} data-testid="new-sku-create">
          Create
        </button>
        <button type="button" onClick={onClose} disabled={action.busy}>
          Cancel
        </button>
      </div>
      <ErrorBox error={action.error} title="Not created" />
    </section>
  );
}
