/**
 * The Replenishment page's drafts panel: the draft POs and draft transfers a plan run counted in
 * its positions although they are not placed or shipped yet (the run's `inputs.drafts`), shown
 * when some were created more than a week before the run (stale-drafts.ts): such a draft hides its
 * need until a buyer places it or cancels it, so each one is listed with its age and units, a PO
 * with a link to it.
 */
import { int } from '../format.ts';
import { Link, poHref } from '../router.tsx';
import type { DraftsSummary } from '../types.ts';

export function DraftsPanel({ d }: { d: DraftsSummary }) {
  return (
    <section className="panel panel-warn" data-testid="drafts-panel">
      <h2>Stale drafts</h2>
      <p>
        This run counts {int(d.purchase_orders)} draft PO{d.purchase_orders === 1 ? '' : 's'} and {int(d.transfers)} draft transfer{d.transfers === 1 ? '' : 's'} in its positions, so that
        nothing is bought twice. <strong className="text-warn">{int(d.stale_count)} of them {d.stale_count === 1 ? 'was' : 'were'} created more than {int(d.stale_after_days)} days ago</strong> and {d.stale_count === 1 ? 'is' : 'are'} still not placed or shipped:
        until {d.stale_count === 1 ? 'it is' : 'they are'} placed, or cancelled, the run takes {d.stale_count === 1 ? 'its' : 'their'} units as coming and buys nothing for them.
      </p>
      <table className="data compact" data-testid="stale-drafts">
        <thead>
          <tr>
            <th>Draft</th>
            <th>Kind</th>
            <th>Created</th>
            <th className="num">Age (days)</th>
            <th className="num">Units</th>
            <th className="num">SKU x locations</th>
          </tr>
        </thead>
        <tbody>
          {d.stale.map((s) => (
            <tr key={`${s.kind}-${s.number}`}>
              <td>{s.kind === 'purchase order' ? <Link to={poHref(s.number)}>{s.number}</Link> : s.number}</td>
              <td>{s.kind}</td>
              <td>{s.created_day}</td>
              <td className="num">{int(s.age_days)}</td>
              <td className="num">{int(s.units)}</td>
              <td className="num">{int(s.pairs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.stale_count > d.stale.length && <p className="muted">The {int(d.stale.length)} oldest of {int(d.stale_count)} shown.</p>}
    </section>
  );
}
