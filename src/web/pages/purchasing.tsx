/** Purchasing: purchase orders (newest first) with status, late and stale flags, totals; filter by status, supplier, placed days, late, stale; the money on order by week and the suppliers' lead times below. */
import { getAll } from '../api.ts';
import { CommitmentsPanel } from '../components/commitments-panel.tsx';
import { SupplierLeadTimes } from '../components/supplier-lead-times.tsx';
import { Badge, ErrorBox, Loading, PageHeader, PagerControls } from '../components/ui.tsx';
import { instant, int, label, money, staleText } from '../format.ts';
import { useApi, useCursorPager } from '../hooks.ts';
import { Link, poHref, setQuery, useLocation } from '../router.tsx';
import { PO_STATUSES, type PurchaseOrder, type Supplier } from '../types.ts';

export function PurchasingPage() {
  const { query } = useLocation();
  const status = query.get('status') ?? '';
  const supplier = query.get('supplier') ?? '';
  const late = query.get('late') ?? '';
  const stale = query.get('stale') ?? '';
  const placedFrom = query.get('placed_from') ?? '';
  const placedTo = query.get('placed_to') ?? '';
  const suppliers = useApi(() => getAll<Supplier>('/suppliers'), []);
  const pager = useCursorPager<PurchaseOrder>('/purchase-orders', { status, supplier, late, stale, placed_from: placedFrom, placed_to: placedTo, order: 'newest' }, 100);
  const rows = pager.data?.items ?? [];
  return (
    <>
      <PageHeader
        title="Purchasing"
        sub="Purchase orders, newest first. A PO is late when a line has open quantity past its expected date, and stale when it has been open more than twice its supplier's longest lead time (the plan still counts it as inbound: close it or chase the supplier), or is a draft not placed a week after it was created (plan runs count drafts as inbound too: place it or cancel it)."
      />
      <div className="filters">
        <select value={status} onChange={(e) => setQuery({ status: e.target.value })} aria-label="status">
          <option value="">All statuses</option>
          {PO_STATUSES.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
        <select value={supplier} onChange={(e) => setQuery({ supplier: e.target.value })} aria-label="supplier">
          <option value="">All suppliers</option>
          {(suppliers.data?.items ?? []).map((s) => (
            <option key={s.code} value={s.code}>
              {s.code} — {s.name}
            </option>
          ))}
        </select>
        <label title="Only POs placed on or after / on or before these days (drafts are not placed yet)">
          placed{' '}
          <input type="date" value={placedFrom} onChange={(e) => setQuery({ placed_from: e.target.value })} aria-label="placed from" /> to{' '}
          <input type="date" value={placedTo} onChange={(e) => setQuery({ placed_to: e.target.value })} aria-label="placed to" />
        </label>
        <label className="check">
          <input type="checkbox" checked={late === 'true'} onChange={(e) => setQuery({ late: e.target.checked ? 'true' : '' })} /> late only
        </label>
        <label className="check">
          <input type="checkbox" checked={stale === 'true'} onChange={(e) => setQuery({ stale: e.target.checked ? 'true' : '' })} data-testid="stale-only" /> stale only
        </label>
      </div>
      <ErrorBox error={pager.error ?? suppliers.error} />
      <table className="data" data-testid="purchase-orders">
        <thead>
          <tr>
            <th>PO</th>
            <th>Supplier</th>
            <th>Status</th>
            <th>Source</th>
            <th className="num">Lines</th>
            <th className="num">Units</th>
            <th className="num">Open units</th>
            <th className="num">Value</th>
            <th>Created</th>
            <th>Placed</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.number} className={p.late ? 'row-bad' : undefined}>
              <td>
                <Link to={poHref(p.number)} className="mono">
                  {p.number}
                </Link>
              </td>
              <td className="mono">{p.supplier}</td>
              <td>
                <Badge status={p.status} /> {p.late && <Badge status="late" />}{' '}
                {p.stale && (
                  <span title={staleText(p)} data-testid="po-stale">
                    <Badge status="stale" />
                  </span>
                )}
              </td>
              <td className="muted">{p.source}</td>
              <td className="num">{p.lines ? int(p.lines.length) : ''}</td>
              <td className="num">{int(p.total_quantity)}</td>
              <td className="num">{int(p.open_quantity)}</td>
              <td className="num">{money(p.total_value)}</td>
              <td className="mono">{instant(p.created_at)}</td>
              <td className="mono">{instant(p.placed_at)}</td>
            </tr>
          ))}
          {!pager.loading && rows.length === 0 && (
            <tr>
              <td colSpan={10} className="empty">
                No purchase orders{status || supplier || late || stale || placedFrom || placedTo ? ' match' : ' yet: create drafts from a plan run on the Replenishment page'}.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Loading loading={pager.loading} />
      <PagerControls {...pager} count={rows.length} />
      <CommitmentsPanel />
      {suppliers.data && suppliers.data.items.length > 0 && <SupplierLeadTimes suppliers={suppliers.data.items} />}
    </>
  );
}
