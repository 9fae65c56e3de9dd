/** Counts: count sessions (status, progress, variances) and inventory record accuracy per location. */
import { get } from '../api.ts';
import { Bars } from '../components/charts.tsx';
import { Badge, ErrorBox, Loading, PageHeader, PagerControls } from '../components/ui.tsx';
import { instant, int, money, pct } from '../format.ts';
import { useApi, useCursorPager } from '../hooks.ts';
import type { Accuracy, CountSession } from '../types.ts';

export function CountsPage() {
  const accuracy = useApi(() => get<{ items: Accuracy[] }>('/counts/accuracy'), []);
  const pager = useCursorPager<CountSession>('/counts', {}, 100);
  const rows = pager.data?.items ?? [];
  const acc = accuracy.data?.items ?? [];
  const counted = acc.reduce((s, a) => s + a.counted, 0);
  const within = acc.reduce((s, a) => s + a.within_tolerance, 0);
  return (
    <>
      <PageHeader title="Counts" sub="Cycle counts and inventory record accuracy (IRA: share of counted lines within tolerance). Counting itself is done with the CLI or API." />
      <ErrorBox error={accuracy.error ?? pager.error} />
      <section className="panel">
        <h2>Record accuracy</h2>
        {acc.length === 0 ? (
          <p className="muted" data-testid="ira-empty">
            No count has been posted yet, so there is no accuracy to show. Start one with <code>npx stockloop count start --location CODE</code>.
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
              <td className="mono">{c.number}</td>
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
