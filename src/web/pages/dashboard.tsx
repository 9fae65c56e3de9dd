/**
 * Dashboard: stock value (FIFO valuation), SKUs, locations, what the latest plan run says to
 * order (and to act on early: its excess, lifecycle stages and stale drafts), SKU x locations out of stock now, open and late purchase orders, and how the policies did
 * in their latest saved review (against their targets, with its open proposals): a policy that
 * drifts from its target shows here, not only on the Policies page.
 */
import { get, getAll } from '../api.ts';
import { Bars } from '../components/charts.tsx';
import { ErrorBox, Loading, PageHeader, Stat } from '../components/ui.tsx';
import { daysBetween, instant, int, money, moneyMicros, moneyShort, pct, pointsText, shiftText } from '../format.ts';
import { useApi } from '../hooks.ts';
import { Link, skuHref } from '../router.tsx';
import { openProposals } from '../review-status.ts';
import { LIFECYCLES, type Balance, type Page, type PlanRun, type PolicyApi, type PolicyReviewApi, type PurchaseOrder, type Valuation } from '../types.ts';

/** GET /reports/stock-summary. */
interface StockSummary {
  skus: number;
  active_skus: number;
  locations: number;
  active_locations: number;
  pairs: number;
  out_of_stock: number;
  no_available: number;
}

interface Figures {
  valuation: Valuation;
  skus: number;
  activeSkus: number;
  locations: number;
  latestRun: PlanRun | null;
  running: PlanRun | null;
  pairs: number;
  outOfStock: number;
  noAvailable: number;
  /** The first 12 SKU x locations with nothing on hand (the API's order: SKUs as created). */
  stockouts: Balance[];
  openPos: number;
  latePos: number;
  openPoValue: number;
  /** The newest saved policy review (null: none yet) and today's policies. */
  review: PolicyReviewApi | null;
  policies: PolicyApi[];
}

/** A policy more than this many points from its target is called out (the review's tolerance). */
const OFF_TARGET_POINTS = 1.5;

async function loadFigures(): Promise<Figures> {
  // counts in the database (GET /reports/stock-summary), not by reading every SKU and balance
  const [valuation, summary, runs, running, stockouts, placed, partial, reviews, policies] = await Promise.all([
    get<Valuation>('/reports/valuation'),
    get<StockSummary>('/reports/stock-summary'),
    get<Page<PlanRun>>('/plans', { status: 'succeeded', limit: 1 }),
    get<Page<PlanRun>>('/plans', { status: 'running', limit: 1 }),
    get<Page<Balance>>('/balances', { out_of_stock: true, limit: 12 }),
    getAll<PurchaseOrder>('/purchase-orders', { status: 'placed' }),
    getAll<PurchaseOrder>('/purchase-orders', { status: 'partially_received' }),
    get<Page<PolicyReviewApi>>('/policy-reviews', { limit: 1 }),
    get<{ items: PolicyApi[] }>('/policies'),
  ]);
  const open = [...placed.items, ...partial.items];
  return {
    valuation,
    skus: summary.skus,
    activeSkus: summary.active_skus,
    locations: summary.locations,
    latestRun: runs.items[0] ?? null,
    running: running.items[0] ?? null,
    pairs: summary.pairs,
    outOfStock: summary.out_of_stock,
    noAvailable: summary.no_available,
    stockouts: [...stockouts.items].sort((a, b) => a.sku.localeCompare(b.sku) || a.location.localeCompare(b.location)),
    openPos: open.length,
    latePos: open.filter((p) => p.late).length,
    openPoValue: open.reduce((s, p) => s + Number(p.total_value), 0),
    review: reviews.items[0] ?? null,
    policies: policies.items,
  };
}

/**
 * What the latest run says to act on early: its excess (and the dead part of it), its SKU x
 * locations by lifecycle stage, and the drafts it counts that nobody placed (stale).
 */
function RunHealth({ run }: { run: PlanRun }) {
  const x = run.inputs ?? {};
  const stages = LIFECYCLES.filter((l) => x.lifecycles?.[l]).map((l) => `${l} ${int(x.lifecycles![l])}`);
  const parts = [
    x.excess && x.excess.lines > 0 ? `excess beyond ${int(x.excess.horizon_days)} days: ${int(x.excess.lines)} lines, ${moneyMicros(x.excess.value)} (${moneyMicros(x.excess.dead_value)} with no demand)` : null,
    stages.length ? `SKU × locations by lifecycle: ${stages.join(', ')}` : null,
    x.drafts && x.drafts.stale_count > 0 ? `${int(x.drafts.stale_count)} stale draft${x.drafts.stale_count === 1 ? '' : 's'} counted as coming` : null,
    x.replenishment && x.replenishment.lines > 0
      ? `${x.replenishment.fed_locations.join(', ')}: ${int(x.replenishment.sent)} of ${int(x.replenishment.asked)} units asked to send${x.replenishment.short > 0 ? `, ${int(x.replenishment.short)} short at the source` : ''}`
      : null,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <p className="small" data-testid="run-health">
      {parts.join(' · ')}. <Link to="/replenishment?show=all&lifecycle=dead">Dead lines ›</Link>
    </p>
  );
}

export function DashboardPage() {
  const { data: f, error, loading } = useApi(loadFigures, []);
  return (
    <>
      <PageHeader title="Dashboard" sub={f ? `as of ${instant(f.valuation.as_of)} UTC` : undefined} />
      <ErrorBox error={error} />
      <Loading loading={loading && !f} />
      {f && (
        <>
          <div className="stats">
            <Stat label="Stock value (FIFO)" value={money(f.valuation.value)} note={`${int(f.valuation.quantity)} units on hand`} testId="stat-value" />
            <Stat label="SKUs" value={int(f.skus)} note={`${int(f.activeSkus)} active`} testId="stat-skus" />
            <Stat label="Locations" value={int(f.locations)} note={`${int(f.pairs)} SKU × location balances`} testId="stat-locations" />
            <Stat
              label="To order (latest plan)"
              value={f.latestRun ? int(f.latestRun.to_order_count) : '–'}
              note={f.latestRun ? `at/below reorder point of ${int(f.latestRun.planned_count)} planned · ${money(f.latestRun.total_value)}` : 'no plan run yet'}
              tone={f.latestRun && f.latestRun.to_order_count > 0 ? 'warn' : undefined}
              testId="stat-to-order"
            />
            <Stat
              label="Out of stock now"
              value={int(f.outOfStock)}
              note={`${int(f.noAvailable)} with nothing available`}
              tone={f.outOfStock > 0 ? 'bad' : 'good'}
              testId="stat-stockouts"
            />
            <Stat
              label="Open POs"
              value={int(f.openPos)}
              note={<span className={f.latePos > 0 ? 'text-bad' : undefined}>{`${int(f.latePos)} late · ${money(f.openPoValue.toFixed(2))} ordered`}</span>}
              tone={f.latePos > 0 ? 'bad' : undefined}
              testId="stat-pos"
            />
          </div>
          <div className="grid3">
            <section className="panel">
              <h2>Stock value by location</h2>
              <Bars
                rows={f.valuation.by_location.map((l) => ({ label: l.location, value: Number(l.value), note: `${int(l.quantity)} u` }))}
                format={(v) => moneyShort(String(v))}
              />
              {Number(f.valuation.in_transit_value) > 0 && (
                <p className="muted small">
                  In transit: {int(f.valuation.in_transit_quantity)} units, {money(f.valuation.in_transit_value)}
                </p>
              )}
            </section>
            <section className="panel">
              <h2>Stock age (days since receipt)</h2>
              <Bars rows={f.valuation.aging.map((a) => ({ label: a.bucket, value: Number(a.value), note: `${int(a.quantity)} u` }))} format={(v) => moneyShort(String(v))} />
            </section>
            <section className="panel">
              <h2>Out of stock now</h2>
              {f.stockouts.length === 0 ? (
                <p className="muted">Every SKU × location with a balance has stock on hand.</p>
              ) : (
                <table className="data compact" data-testid="stockouts">
                  <tbody>
                    {f.stockouts.map((b) => (
                      <tr key={`${b.sku}@${b.location}`}>
                        <td>
                          <Link to={skuHref(b.sku)} className="mono">
                            {b.sku}
                          </Link>
                        </td>
                        <td className="mono">{b.location}</td>
                        <td className="num muted">{b.inbound > 0 ? `${int(b.inbound)} inbound` : 'none inbound'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {f.outOfStock > f.stockouts.length && <p className="muted small">…and {int(f.outOfStock - f.stockouts.length)} more.</p>}
            </section>
          </div>
          <div className="grid3">
            <section className="panel">
              <h2>Replenishment</h2>
              {f.running && <p className="text-warn">Plan run #{f.running.id} is running (started {instant(f.running.started_at)}).</p>}
              {f.latestRun ? (
                <>
                  <p>
                    Latest plan: run #{f.latestRun.id} for {f.latestRun.as_of}, finished {instant(f.latestRun.finished_at)} ({f.latestRun.trigger}, by{' '}
                    {f.latestRun.requested_by}). {int(f.latestRun.to_order_count)} of {int(f.latestRun.planned_count)} SKU × locations to order, worth{' '}
                    {money(f.latestRun.total_value)}
                    {f.latestRun.error_count > 0 ? `; ${f.latestRun.error_count} could not be planned` : ''}. <Link to="/replenishment">Review suggestions ›</Link>
                  </p>
                  <RunHealth run={f.latestRun} />
                </>
              ) : (
                <p>
                  No plan has run yet. <Link to="/replenishment">Run one from Replenishment ›</Link>
                </p>
              )}
            </section>
            <section className="panel">
              <h2>Purchasing</h2>
              <p>
                {int(f.openPos)} purchase orders open ({int(f.latePos)} late). <Link to="/purchasing?status=placed">Open POs ›</Link>
                {f.latePos > 0 && (
                  <>
                    {' '}
                    · <Link to="/purchasing?late=true">Late POs ›</Link>
                  </>
                )}
              </p>
            </section>
            <ReviewPanel review={f.review} policies={f.policies} today={f.valuation.as_of.slice(0, 10)} />
          </div>
        </>
      )}
    </>
  );
}

/** The latest saved policy review: each policy against its target, and the proposals still open. */
function ReviewPanel({ review, policies, today }: { review: PolicyReviewApi | null; policies: PolicyApi[]; today: string }) {
  if (!review) {
    return (
      <section className="panel" data-testid="dashboard-review">
        <h2>Policy review</h2>
        <p>
          No policy has been reviewed against its outcomes yet. <Link to="/policies">Review them from Policies ›</Link>
        </p>
      </section>
    );
  }
  const open = openProposals(review, policies);
  const age = review.created_at ? daysBetween(review.created_at.slice(0, 10), today) : null;
  const current = new Map(policies.map((p) => [p.code, p.current.version]));
  const off = review.policies.filter((p) => p.achieved !== null && Math.abs(p.achieved - p.target.level) * 100 > OFF_TARGET_POINTS);
  return (
    <section className="panel" data-testid="dashboard-review">
      <h2>Policy review</h2>
      <p className="small">
        Review #{review.id}: the {review.days} days before {review.as_of}
        {review.created_at ? `, saved ${instant(review.created_at)} (${review.trigger}, by ${review.requested_by})` : ''}
        {age !== null && age > 14 ? <span className="text-warn">{` · ${age} days old`}</span> : ''}.
      </p>
      <table className="data compact">
        <tbody>
          {review.policies.map((p) => {
            const miss = off.includes(p);
            return (
              <tr key={p.policy ?? '(default)'} data-testid="dashboard-review-row">
                <td className="mono">{p.policy === null ? '(built-in default)' : `${p.policy} v${p.version}`}</td>
                <td className="num">{pct(p.achieved)}</td>
                <td className="muted">vs {pct(p.target.level)}</td>
                <td className={`num ${miss ? 'text-warn' : ''}`}>{pointsText(p.achieved, p.target.level)}</td>
                <td className="muted small">
                  {open.includes(p) ? `proposed ${shiftText(p.calibration?.shift)}` : p.policy !== null && current.has(p.policy) && current.get(p.policy) !== p.version ? `now v${current.get(p.policy)}` : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="small">
        {off.length === 0 ? 'Every policy within 1.5 points of its target. ' : `${off.length} of ${review.policies.length} more than 1.5 points off target. `}
        {open.length > 0 ? `${open.length} proposal${open.length > 1 ? 's' : ''} not applied. ` : ''}
        {review.applied && review.applied.length > 0 ? `Applied by this review: ${review.applied.map((a) => `${a.policy} v${a.version}`).join(', ')} (the next review shows their effect). ` : ''}
        <Link to="/policies">Policies ›</Link>
      </p>
    </section>
  );
}
