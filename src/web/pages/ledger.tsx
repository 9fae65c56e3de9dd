/**
 * Ledger: the movements, oldest first within the chosen period (the API pages the ledger
 * forward), filtered by SKU, location and kind; filters live in the URL.
 */
import { useEffect, useState } from 'react';
import { getAll } from '../api.ts';
import { Badge, ErrorBox, Loading, PageHeader, PagerControls } from '../components/ui.tsx';
import { dayOf, daysBefore, instant, label, money, movementDelta, signed } from '../format.ts';
import { useApi, useCursorPager } from '../hooks.ts';
import { Link, setQuery, skuHref, useLocation } from '../router.tsx';
import { MOVEMENT_KINDS, type Location, type Movement } from '../types.ts';

const PERIODS = [
  ['1', 'today'],
  ['7', 'last 7 days'],
  ['30', 'last 30 days'],
  ['90', 'last 90 days'],
  ['365', 'last year'],
  ['all', 'all time'],
] as const;

export function LedgerPage() {
  const { query } = useLocation();
  const sku = query.get('sku') ?? '';
  const location = query.get('location') ?? '';
  const kind = query.get('kind') ?? '';
  const since = query.get('since') ?? '30';
  const [skuDraft, setSkuDraft] = useState(sku);
  useEffect(() => setSkuDraft(sku), [sku]);
  const locations = useApi(() => getAll<Location>('/locations'), []);
  const from = since === 'all' ? undefined : daysBefore(dayOf(), Number(since) - 1);
  const pager = useCursorPager<Movement>('/movements', { sku, location, kind, from }, 100);
  const rows = pager.data?.items ?? [];
  return (
    <>
      <PageHeader title="Ledger" sub="Every stock movement, immutable, oldest first within the period. Corrections are new movements." />
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ sku: skuDraft.trim() });
        }}
      >
        <input type="search" name="sku" placeholder="SKU code (exact)…" value={skuDraft} onChange={(e) => setSkuDraft(e.target.value)} />
        <select name="location" value={location} onChange={(e) => setQuery({ location: e.target.value })}>
          <option value="">All locations</option>
          {(locations.data?.items ?? []).map((l) => (
            <option key={l.code} value={l.code}>
              {l.code}
            </option>
          ))}
        </select>
        <select name="kind" value={kind} onChange={(e) => setQuery({ kind: e.target.value })}>
          <option value="">All kinds</option>
          {MOVEMENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {label(k)}
            </option>
          ))}
        </select>
        <select name="since" value={since} onChange={(e) => setQuery({ since: e.target.value === '30' ? '' : e.target.value })}>
          {PERIODS.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
        <button type="submit">Filter</button>
        {(sku || location || kind || since !== '30') && (
          <button type="button" className="link-button" onClick={() => setQuery({ sku: '', location: '', kind: '', since: '' })}>
            clear
          </button>
        )}
      </form>
      <ErrorBox error={pager.error ?? locations.error} />
      <table className="data" data-testid="movements">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>When (UTC)</th>
            <th>Kind</th>
            <th>SKU</th>
            <th>Location</th>
            <th className="num">Qty</th>
            <th className="num">Unit cost</th>
            <th className="num">Value</th>
            <th>Reference / reason</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.id}>
              <td className="num muted">{m.id}</td>
              <td className="mono">{instant(m.occurred_at)}</td>
              <td>
                <Badge status={m.kind} />
              </td>
              <td>
                <Link to={skuHref(m.sku)} className="mono">
                  {m.sku}
                </Link>
              </td>
              <td className="mono">
                {m.location}
                {m.to_location ? ` → ${m.to_location}` : m.from_location ? ` ← ${m.from_location}` : ''}
              </td>
              <td className="num">{signed(movementDelta(m.kind, m.quantity))}</td>
              <td className="num">{money(m.unit_cost)}</td>
              <td className="num">{money(m.value)}</td>
              <td className="ellipsis" title={[m.reference, m.reason, m.note].filter(Boolean).join(' · ')}>
                {[m.reference, m.reason].filter(Boolean).join(' · ')}
              </td>
              <td className="muted">{m.actor}</td>
            </tr>
          ))}
          {!pager.loading && rows.length === 0 && (
            <tr>
              <td colSpan={10} className="empty">
                No movements match.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Loading loading={pager.loading} />
      <PagerControls {...pager} count={rows.length} />
    </>
  );
}
