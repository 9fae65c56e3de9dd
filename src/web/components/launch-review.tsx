/**
 * The launch review (GET /launch-forecasts/review, docs/planning.md "Launch review"): how the
 * planners' launch forecasts did against the sales that followed, overall and per owner, and the
 * cv their estimates warrant. Shown on the Policies page beside the policy review: both hold a
 * stated bet to its outcome.
 */
import { get } from '../api.ts';
import { int, num2, pct } from '../format.ts';
import { useApi } from '../hooks.ts';
import { Link, skuHref } from '../router.tsx';
import type { LaunchFiguresApi, LaunchReviewApi } from '../types.ts';
import { ErrorBox } from './ui.tsx';

const figures = (f: LaunchFiguresApi) =>
  f.launches === 0
    ? 'none reviewed yet'
    : `${f.launches} reviewed · sold ${num2(f.bias)}× the stated rate (geometric mean) · error ${num2(f.error)} · ${pct(f.coverage)} inside their stated 80 % band (mean cv ${num2(f.stated_cv)})`;

const STATUS: Record<string, string> = { reviewed: 'reviewed', 'too-early': 'too early', revised: 'revised after launch' };

export function LaunchReviewPanel() {
  const { data, error } = useApi(() => get<LaunchReviewApi>('/launch-forecasts/review'), []);
  return (
    <section className="panel" data-testid="launch-review">
      <h2>Launch review</h2>
      <p className="muted small">
        Each launch forecast against what sold over its hand-over days so far (stockout days left out): the actual rate, its ratio to the stated one and whether the units sold fell inside the
        80 % band the forecast stated. A forecast changed after its launch day is shown, not counted.
      </p>
      <ErrorBox error={error} />
      {data && data.launches.length === 0 && <p className="muted">No launch forecasts yet. Set them on a SKU&apos;s page.</p>}
      {data && data.launches.length > 0 && (
        <>
          <table className="data compact">
            <thead>
              <tr>
                <th>SKU</th>
                <th>Location</th>
                <th>Owner</th>
                <th>Launch</th>
                <th className="num">Stated/day</th>
                <th className="num">cv</th>
                <th className="num">Observed days</th>
                <th className="num">Sold</th>
                <th className="num">Actual/day</th>
                <th className="num">Ratio</th>
                <th>In band</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {data.launches.map((o) => (
                <tr key={`${o.sku}@${o.location}`} data-testid="launch-review-row">
                  <td>
                    <Link to={skuHref(o.sku)} className="mono">
                      {o.sku}
                    </Link>
                  </td>
                  <td className="mono">{o.location}</td>
                  <td>{o.owner}</td>
                  <td className="mono">{o.launch_day}</td>
                  <td className="num">{num2(o.rate_per_day)}</td>
                  <td className="num">{num2(o.cv)}</td>
                  <td className="num">{`${int(o.observed_days)} of ${int(o.days)}`}</td>
                  <td className="num">{int(o.sold)}</td>
                  <td className="num">{num2(o.actual_rate)}</td>
                  <td className="num">{num2(o.ratio)}</td>
                  <td title={o.band ? `${o.band.low}-${o.band.high} units` : undefined}>{o.in_band === null ? '–' : o.in_band ? 'yes' : <span className="text-warn">no</span>}</td>
                  <td className="muted">{STATUS[o.status] ?? o.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small" data-testid="launch-review-overall">
            Overall: {figures(data.overall)}.
          </p>
          {data.by_owner.length > 1 && (
            <ul className="small">
              {data.by_owner.map((o) => (
                <li key={o.owner}>
                  {o.owner}: {figures(o)}
                </li>
              ))}
            </ul>
          )}
          <p className="small" data-testid="launch-review-proposal">
            {data.proposed_cv === null ? `No cv proposed: ${data.reason}.` : `Proposed cv for new launch forecasts: ${num2(data.proposed_cv)}. ${data.reason}.`}
          </p>
        </>
      )}
    </section>
  );
}
