/**
 * Stock: balances per SKU x location (on hand, reserved, available, inbound), searchable by SKU
 * code or name, filtered by location, paged with the API's cursors. Filters live in the URL.
 */
import { useEffect, useState } from 'react';
import { get, getAll } from '../api.ts';
import { NewSku } from '../components/new-sku.tsx';
import { ErrorBox, Loading, PageHeader, PagerControls } from '../components/ui.tsx';
import { int } from '../format.ts';
import { useApi, useCursorPager } from '../hooks.ts';
import { Link, setQuery, skuHref, useLocation } from '../router.tsx';
import type { Balance, Location, Page, Sku } from '../types.ts';

const PAGE = 50;

export function StockPage() {
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const location = query.get('location') ?? '';
  const nonZero = query.get('non_zero') === '1';
  const [draft, setDraft] = useState(q);
  const [adding, setAdding] = useState(false);
  useEffect(() => setDraft(q), [q]);

  const locations = useApi(() => getAll<Location>('/locations'), []);
  // A search is a substring of SKU code or name: find the matching codes first.
  const matches = useApi(() => (q ? getAll<Sku>('/skus', { q }, { max: 5000 }) : Promise.resolve(null)), [q]);
  const codes = matches.data ? matches.data.items.map((s) => s.code) : null;
  const ready = !q || (codes !== null && !matches.loading);
  const pager = useCursorPager<Balance>(
    ready && !(codes && codes.length === 0) ? '/balances' : null,
    { sku: codes?.join(','), location, only_non_zero: nonZero || undefined },
    PAGE,
  );
  const rows = pager.data?.items ?? [];
  const pageCodes = [...new Set(rows.map((r) => r.sku))];
  const names = useApi(
    () => (pageCodes.length ? get<Page<Sku>>('/skus', { code: pageCodes.join(','), limit: 1000 }) : Promise.resolve({ items: [], next_cursor: null })),
    [pageCodes.join(',')],
  );
  const nameOf = new Map((names.data?.items ?? []).map((s) => [s.code, s.name]));

  return (
    <>
      <PageHeader title="Stock" sub="Balances per SKU and location. Available = on hand − reserved; inbound = open POs and transfers in transit.">
        {!adding && (
          <button type="button" onClick={() => setAdding(true)} data-testid="new-sku-open">
            New SKU
          </button>
        )}
      </PageHeader>
      {adding && <NewSku onClose={() => setAdding(false)} />}
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ q: draft.trim() });
        }}
      >
        <input type="search" name="q" placeholder="Search SKU code or name…" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <select name="location" value={location} onChange={(e) => setQuery({ location: e.target.value })}>
          <option value="">All locations</option>
          {(locations.data?.items ?? []).map((l) => (
            <option key={l.code} value={l.code}>
              {l.code} — {l.name}
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" checked={nonZero} onChange={(e) => setQuery({ non_zero: e.target.checked ? '1' : '' })} /> hide empty rows
        </label>
        <button type="submit">Search</button>
        {(q || location || nonZero) && (
          <button type="button" className="link-button" onClick={() => setQuery({ q: '', location: '', non_zero: '' })}>
            clear
          </button>
        )}
        {codes && <span className="muted small">{`${codes.length} SKUs match "${q}"`}</span>}
      </form>
      <ErrorBox error={matches.error ?? pager.error ?? locations.error} />
      <table className="data" data-testid="balances">
        <thead>
          <tr>
            <th>SKU</th>
            <th>Name</th>
            <th>Location</th>
            <th className="num">On hand</th>
            <th className="num">Reserved</th>
            <th className="num">Available</th>
            <th className="num">Inbound</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr key={`${b.sku}@${b.location}`} className={b.available <= 0 ? 'row-bad' : undefined}>
              <td>
                <Link to={skuHref(b.sku)} className="mono">
                  {b.sku}
                </Link>
              </td>
              <td className="muted ellipsis">{nameOf.get(b.sku) ?? ''}</td>
              <td className="mono">{b.location}</td>
              <td className="num">{int(b.on_hand)}</td>
              <td className="num">{b.reserved ? int(b.reserved) : <span className="muted">0</span>}</td>
              <td className={`num ${b.available <= 0 ? 'text-bad' : ''}`}>{int(b.available)}</td>
              <td className="num">{b.inbound ? int(b.inbound) : <span className="muted">0</span>}</td>
            </tr>
          ))}
          {!pager.loading && ready && rows.length === 0 && (
            <tr>
              <td colSpan={7} className="empty">
                No balances match.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Loading loading={pager.loading || !ready} />
      <PagerControls {...pager} count={rows.length} />
    </>
  );
}
