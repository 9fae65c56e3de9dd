/**
 * One purchase order: header, status and late flag, lines with received / open quantities, and
 * the actions: place a draft (its quantities become inbound) or cancel it, download it as CSV (the
 * PO import's columns) to send its supplier, receive a delivery against it (receive-form.tsx), and
 * close it when the rest will not come (a short shipment).
 */
import { useState } from 'react';
import { download, get, post } from '../api.ts';
import { ReceiveForm, type ReceiptAnswer } from '../components/receive-form.tsx';
import { Badge, ErrorBox, Loading, PageHeader } from '../components/ui.tsx';
import { instant, int, money, staleText } from '../format.ts';
import { useApi } from '../hooks.ts';
import { Link, skuHref } from '../router.tsx';
import type { PurchaseOrder } from '../types.ts';

export function PoDetailPage({ number }: { number: string }) {
  const loaded = useApi(() => get<PurchaseOrder>(`/purchase-orders/${encodeURIComponent(number)}`), [number]);
  const [updated, setUpdated] = useState<PurchaseOrder | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<ReceiptAnswer | null>(null);
  const po = updated?.number === number ? updated : loaded.data;
  if (loaded.error) return <ErrorBox error={loaded.error} title={`PO ${number}`} />;
  if (!po) return <Loading loading={loaded.loading} />;
  const lines = po.lines ?? [];
  const act = async (action: 'place' | 'cancel' | 'close') => {
    if (action === 'cancel' && !window.confirm(`Cancel ${po.number}?`)) return;
    let body = {};
    if (action === 'close') {
      const reason = window.prompt(`Close ${po.number}: its ${po.open_quantity} open units will not come and stop counting as inbound. Why?`, 'short shipment');
      if (reason === null) return;
      body = reason.trim() ? { reason: reason.trim() } : {};
    }
    setBusy(true);
    setActionError(null);
    setReceipt(null);
    try {
      setUpdated(await post<PurchaseOrder>(`/purchase-orders/${encodeURIComponent(po.number)}/${action}`, body));
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };
  const received = async (r: ReceiptAnswer) => {
    setReceipt(r);
    try {
      setUpdated(await get<PurchaseOrder>(`/purchase-orders/${encodeURIComponent(po.number)}`));
    } catch (e) {
      setActionError(e);
    }
  };
  const downloadCsv = async () => {
    setActionError(null);
    try {
      await download(`/purchase-orders/${encodeURIComponent(po.number)}/csv`, `${po.number.replace(/[^A-Za-z0-9._-]+/g, '_')}.csv`);
    } catch (e) {
      setActionError(e);
    }
  };
  return (
    <>
      <PageHeader title={po.number} sub={`Purchase order to ${po.supplier} · from ${po.source} · created ${instant(po.created_at)} by ${po.created_by}`}>
        {po.status === 'draft' && (
          <button type="button" className="primary" disabled={busy} onClick={() => act('place')}>
            Place PO
          </button>
        )}
        {(po.status === 'draft' || po.status === 'placed') && (
          <button type="button" disabled={busy} onClick={() => act('cancel')}>
            Cancel PO
          </button>
        )}
        {(po.status === 'placed' || po.status === 'partially_received') && (
          <button type="button" disabled={busy} onClick={() => act('close')} data-testid="po-close" title="Give up what is still open (a short shipment): it stops counting as inbound">
            Close PO
          </button>
        )}
        {po.status !== 'cancelled' && (
          <button type="button" disabled={busy} onClick={() => downloadCsv()} data-testid="po-download-csv" title="The PO's lines as CSV (the columns of the PO import), to send the supplier">
            Download CSV
          </button>
        )}
        <Link to="/purchasing">All POs ›</Link>
      </PageHeader>
      <ErrorBox error={actionError} />
      {receipt && (
        <div className="notice" data-testid="receipt-posted">
          Receipt #{receipt.id} posted: {int(receipt.lines.reduce((t, l) => t + l.posted_qty, 0))} good units into stock
          {receipt.lines.some((l) => l.damaged_qty > 0) ? `, ${int(receipt.lines.reduce((t, l) => t + l.damaged_qty, 0))} damaged recorded` : ''}
          {receipt.lead_time_days !== null ? `; lead time ${int(receipt.lead_time_days)} days` : ''}; the PO is now {receipt.po_status.replace('_', ' ')}.
        </div>
      )}
      <div className="stats">
        <div className="stat">
          <div className="stat-label">Status</div>
          <div className="stat-value small-value">
            <Badge status={po.status} /> {po.late && <Badge status="late" />} {po.stale && <Badge status="stale" />}
          </div>
          <div className="stat-note">{po.placed_at ? `placed ${instant(po.placed_at)}` : 'not placed'}</div>
          {po.stale && (
            <div className="stat-note" data-testid="po-stale-note">
              {staleText(po)}
            </div>
          )}
        </div>
        <div className="stat">
          <div className="stat-label">Units</div>
          <div className="stat-value">{int(po.total_quantity)}</div>
          <div className="stat-note">{int(po.open_quantity)} still open</div>
        </div>
        <div className="stat">
          <div className="stat-label">Value</div>
          <div className="stat-value">{money(po.total_value)}</div>
          <div className="stat-note">{lines.length} lines</div>
        </div>
      </div>
      {po.note && <p className="panel">{po.note}</p>}
      {(po.status === 'placed' || po.status === 'partially_received') && po.open_quantity > 0 && <ReceiveForm key={`${po.number}-${po.open_quantity}`} po={po} onReceived={received} />}
      {po.end_reason && <p className="notice">Ended {instant(po.ended_at)}: {po.end_reason}</p>}
      <table className="data" data-testid="po-lines">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>SKU</th>
            <th>Location</th>
            <th className="num">Ordered</th>
            <th className="num">Suggested</th>
            <th className="num">Received</th>
            <th className="num">Damaged</th>
            <th className="num">Open</th>
            <th className="num">Unit cost</th>
            <th>Expected</th>
            <th>Override reason</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.line_no} className={l.late ? 'row-bad' : undefined}>
              <td className="num muted">{l.line_no}</td>
              <td>
                <Link to={skuHref(l.sku)} className="mono">
                  {l.sku}
                </Link>
              </td>
              <td className="mono">{l.location}</td>
              <td className="num">{int(l.quantity)}</td>
              <td className="num">{l.suggested_qty === null ? '' : int(l.suggested_qty)}</td>
              <td className="num">{int(l.received_qty)}</td>
              <td className="num">{l.damaged_qty ? int(l.damaged_qty) : ''}</td>
              <td className="num">{int(l.open_qty)}</td>
              <td className="num">{money(l.unit_cost)}</td>
              <td className="mono">
                {l.expected_date ?? ''} {l.late && <Badge status="late" />}
              </td>
              <td className="ellipsis">{l.override_reason ? `${l.override_reason} (${l.override_by})` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
