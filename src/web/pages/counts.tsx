/**
 * Counts: inventory record accuracy per location, starting a count (the SKUs due by the ABC count
 * plan, or SKUs named; blind by default: POST /counts), and the count sessions (status, progress,
 * variances), each opening its page (count-detail.tsx) to enter, review and post it.
 */
import { useState } from 'react';
import { get, getAll, post } from '../api.ts';
import { Bars } from '../components/charts.tsx';
import { Badge, ErrorBox, Loading, PageHeader, PagerControls } from '../components/ui.tsx';
import { skuList } from '../count-entries.ts';
import { instant, int, money, pct } from '../format.ts';
import { useAction, useApi, useCursorPager } from '../hooks.ts';
import { countHref, Link, navigate } from '../router.tsx';
import type { Accuracy, CountSession, Location } from '../types.ts';

/** Start a count at a location: the SKUs due, or those typed; blind unless unticked. */
function StartCount() {
  const locations = useApi(() => getAll<Location>('/locations', { active: true }), []);
  const [location, setLocation] = useState('');
  const [due, setDue] = useState(true);
  const [skus, setSkus] = useState('');
  const [blind, setBlind] = useState(true);
  const [tolerance, setTolerance] = useState('0');
  const { busy, error, run } = useAction();
  const start = () =>
    run(async () => {
      const loc = location || locations.data?.items[0]?.code;
      const list = skuList(skus);
      const tol = Number(tolerance.trim() || '0');
      if (!loc) throw new Error('location: choose where to count');
      if (!due && list.length === 0) throw new Error('SKUs: name at least one SKU to count, or count the SKUs due');
      if (!(Number.isInteger(tol) && tol >= 0)) throw new Error(`tolerance: "${tolerance}" is not a whole number of units`);
      const s = await post<{ number: string }>('/counts', { location: loc, ...(due ? { due: true } : { skus: list }), blind, tolerance_units: tol });
      navigate(countHref(s.number));
    });
  return (
    <section className="panel" data-testid="start-count">
      <h2>Start a count</h2>
      <div className="filters">
        <select aria-label="count location" value={location} onChange={(e) => setLocation(e.target.value)}>
          {(locations.data?.items ?? []).map((l) => (
            <option key={l.code} value={l.code}>
              {l.code} — {l.name}
            </option>
          ))}
        </select>
        <label className="check">
          <input type="radio" checked={due} onChange={() => setDue(true)} aria-label="the SKUs due" /> the SKUs due by the ABC count plan
        </label>
        <label className="check">
          <input type="radio" checked={!due} onChange={() => setDue(false)} aria-label="these SKUs" /> these SKUs:
        </label>
        <input type="text" size={40} aria-label="SKUs to count" placeholder="SKU codes, comma or space separated" value={skus} onChange={(e) => { setSkus(e.target.value); setDue(false); }} />
        <label className="check">
          <input type="checkbox" checked={blind} onChange={(e) => setBlind(e.target.checked)} aria-label="blind" /> blind (counters do not see the expected quantity)
        </label>
        <label className="check">
          tolerance <input type="text" size={3} aria-label="tolerance units" value={tolerance} onChange={(e) => setTolerance(e.target.value)} /> units
        </label>
        <button type="button" className="primary" disabled={busy} onClick={start} data-testid="start-count-button">
          Start count
        </button>
      </div>
      <ErrorBox error={error ?? locations.error} title={error ? 'Not started' : undefined} />
    </section>
  );
}

export function CountsPage() {
  const accuracy = useApi(() => get<{ items: Accuracy[] }>('/counts/accuracy'), []);
  const pager = useCursorPager<CountSession>('/counts', {}, 100);
  const rows = pager.data?.items ?? [];
  const acc = accuracy.data?.items ?? [];
  const counted = acc.reduce((s, a) => s + a.counted, 0);
  const within = acc.reduce((s, a) => s + a.within_tolerance, 0);
  return (
    <>
      <PageHeader title="Counts" sub="Cycle counts and inventory record accuracy (IRA: share of counted lines within tolerance). Start a count, enter what is on the shelf, review the variances and post them: they become count corrections in the ledger." />
      <ErrorBox error={accuracy.error ?? pager.error} />
      <StartCount />
      <section className="panel">
        <h2>Record accuracy</h2>
        {acc.length === 0 ? (
          <p className="muted" data-testid="ira-empty">
            No count has been posted yet, so there is no accuracy to show. Start one below (or with <code>npx stockloop count start --location CODE</code>).
          </p>
        ) : (
          <>
            <p>
              Overall IRA <strong data-testid="ira-overall">{pct(counted ? within / counted : null)}</strong> ({int(within)} of {int(counted)} counted lines within
              tolerance).
            </p>
            <Bars rows={acc.map((a) => ({ label: a.location, value: a.ira ?? 0, note: `${a.within_tolerance}/${a.counted}` }))} format={(v) => pct(v)} max={1} />
          </>
        )}
      </section>
      <table className="data" data-testid="count-sessions">
        <thead>
          <tr>
            <th>Count</th>
            <th>Location</th>
            <th>Status</th>
            <th>Blind</th>
            <th className="num">Lines</th>
            <th className="num">Counted</th>
            <th className="num">Within tol.</th>
            <th className="num">Needs approval</th>
            <th className="num">Variance (u)</th>
            <th className="num">Variance value</th>
            <th>Started</th>
            <th>Posted</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.number}>
              <td>
                <Link to={countHref(c.number)} className="mono">
                  {c.number}
                </Link>
              </td>
              <td className="mono">{c.location}</td>
              <td>
                <Badge status={c.status} />
              </td>
              <td>{c.blind ? 'yes' : 'no'}</td>
              <td className="num">{int(c.summary?.lines)}</td>
              <td className="num">{int(c.summary?.counted)}</td>
              <td className="num">{int(c.summary?.within_tolerance)}</td>
              <td className="num">{int(c.summary?.needs_approval)}</td>
              <td className="num">{int(c.summary?.variance_qty)}</td>
              <td className="num">{money(c.summary?.variance_value)}</td>
              <td className="mono">{instant(c.created_at)}</td>
              <td className="mono">{instant(c.posted_at)}</td>
            </tr>
          ))}
          {!pager.loading && rows.length === 0 && (
            <tr>
              <td colSpan={12} className="empty">
                No count sessions yet.
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
