/**
 * Dashboard: stock value (FIFO valuation), SKUs, locations, what the latest plan run says to
 * order, SKU x locations out of stock now, open and late purchase orders.
 */
import { get, getAll } from '../api.ts';
import { Bars } from '../components/charts.tsx';
import { ErrorBox, Loading, PageHeader, Stat } from '../components/ui.tsx';
import { instant, int, money, moneyShort } from '../format.ts';
import { useApi } from '../hooks.ts';
import { Link, skuHref } from '../router.tsx';
import type { Balance, Location, Page, PlanRun, PurchaseOrder, Sku, Valuation } from '../types.ts';

interface Figures {
  valuation: Valuation;
  skus: number;
  activeSkus: number;
  locations: Location[];
  latestRun: PlanRun | null;
  running: PlanRun | null;
  pairs: number;
  outOfStock: number;
  noAvailable: number;
  /** The SKU x locations with nothing on hand (first 12, by SKU). */
  stockouts: Balance[];
  openPos: number;
  latePos: number;
  openPoValue: number;
}

async function loadFigures(): Promise<Figures> {
  const [valuation, skus, locations, runs, running, balances, placed, partial] = await Promise.all([
    get<Valuation>('/reports/valuation'),
    getAll<Sku>('/skus'),
    getAll<Location>('/locations'),
    get<Page<PlanRun>>('/plans', { status: 'succeeded', limit: 1 }),
    get<Page<PlanRun>>('/plans', { status: 'running', limit: 1 }),
    getAll<Balance>('/balances', {}, { pageSize: 10_000 }),
    getAll<PurchaseOrder>('/purchase-orders', { status: 'placed' }),
    getAll<PurchaseOrder>('/purchase-orders', { status: 'partially_received' }),
  ]);
  const open = [...placed.items, ...partial.items];
  return {
    valuation,
    skus: skus.items.length,
    activeSkus: skus.items.filter((s) => s.active).length,
    locations: locations.items,
    latestRun: runs.items[0] ?? null,
    running: running.items[0] ?? null,
    pairs: balances.items.length,
    outOfStock: balances.items.filter((b) => b.on_hand <= 0).length,
    noAvailable: balances.items.filter((b) => b.available <= 0).length,
    stockouts: balances.items
      .filter((b) => b.on_hand <= 0)
      .sort((a, b) => a.sku.localeCompare(b.sku) || a.location.localeCompare(b.location))
      .slice(0, 12),
    openPos: open.length,
    latePos: open.filter((p) => p.late).length,
    openPoValue: open.reduce((s, p) => s + Number(p.total_value), 0),
  };
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
            <Stat label="Locations" value={int(f.locations.length)} note={`${int(f.pairs)} SKU × location balances`} testId="stat-locations" />
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
          <div className="grid2">
            <section className="panel">
              <h2>Replenishment</h2>
              {f.running && <p className="text-warn">Plan run #{f.running.id} is running (started {instant(f.running.started_at)}).</p>}
              {f.latestRun ? (
                <p>
                  Latest plan: run #{f.latestRun.id} for {f.latestRun.as_of}, finished {instant(f.latestRun.finished_at)} ({f.latestRun.trigger}, by{' '}
                  {f.latestRun.requested_by}). {int(f.latestRun.to_order_count)} of {int(f.latestRun.planned_count)} SKU × locations to order, worth{' '}
                  {money(f.latestRun.total_value)}
                  {f.latestRun.error_count > 0 ? `; ${f.latestRun.error_count} could not be planned` : ''}. <Link to="/replenishment">Review suggestions ›</Link>
                </p>
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
          </div>
        </>
      )}
    </>
  );
}
