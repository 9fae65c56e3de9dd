/**
 * One SKU: master data, balances per location, daily demand over the last 90 days (the ledger's
 * demand history, GET /skus/:code/demand: the series the plan forecasts from, with its stockout
 * days marked, whose demand is censored), its launch forecasts (set, replaced and removed here),
 * the latest plan's suggestion per location, and the most recent movements.
 */
import { ApiError, get, getAll } from '../api.ts';
import { Sparkline } from '../components/charts.tsx';
import { AdjustStock } from '../components/adjust-stock.tsx';
import { LaunchPanel } from '../components/launch-panel.tsx';
import { SkuMasterData } from '../components/sku-master-data.tsx';
import { Badge, ErrorBox, Loading, PageHeader } from '../components/ui.tsx';
import { dayOf, daysBefore, instant, int, money, movementDelta, num1, signed } from '../format.ts';
import { useApi } from '../hooks.ts';
import { href, Link } from '../router.tsx';
import { dailyDemand } from '../daily-demand.ts';
import type { Balance, DemandHistory, Location as StockLocation, Movement, Page, Recommendation, RecommendationPage, Sku } from '../types.ts';

const DAYS = 90;
/** Recent movements shown. */
const RECENT = 40;

async function load(code: string) {
  const today = dayOf();
  const [sku, balances, movements, demand, recs] = await Promise.all([
    get<Sku>(`/skus/${encodeURIComponent(code)}`),
    get<Page<Balance>>(`/skus/${encodeURIComponent(code)}/balances`, { limit: 1000 }),
    // the 40 newest in one small request (the demand chart reads the demand history, not movements)
    get<Page<Movement>>('/movements', { sku: code, from: daysBefore(today, DAYS), order: 'newest', limit: RECENT }),
    get<DemandHistory>(`/skus/${encodeURIComponent(code)}/demand`, { from: daysBefore(today, DAYS), to: daysBefore(today, 1) }),
    get<RecommendationPage>('/recommendations', { sku: code, limit: 100 }).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null; // no plan run yet
      throw e;
    }),
  ]);
  return { sku, balances: balances.items, movements: movements.items, moreMovements: movements.next_cursor !== null, demand: demand.items, recs: recs?.items ?? [], runId: recs?.run_id ?? null, today };
}

export function SkuDetailPage({ code }: { code: string }) {
  const { data, error, loading, reload } = useApi(() => load(code), [code]);
  const locations = useApi(() => getAll<StockLocation>('/locations', { active: true }), []);
  if (error) return <ErrorBox error={error} title={`SKU ${code}`} />;
  if (!data) return <Loading loading={loading} />;
  const { sku, balances, movements, moreMovements, demand, recs, runId, today } = data;
  const series = dailyDemand(demand, today, DAYS);
  const total = series.values.reduce((a, b) => a + b, 0);
  const stockoutDays = series.stockouts.filter((l) => l.length > 0).length;
  // locations by their stockout days in the window, most first
  const perLocation = new Map<string, number>();
  for (const l of series.stockouts.flat()) perLocation.set(l, (perLocation.get(l) ?? 0) + 1);
  const worst = [...perLocation].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  // the latest plan's forecast, all locations: what the plan expects next against what sold (a
  // location replenished from another is counted in its source's forecast, once)
  const planned = new Set(recs.map((r) => r.location));
  const planForecast = recs.reduce((t, r) => t + (r.explanation.replenishment && planned.has(r.explanation.replenishment.from) ? 0 : r.forecast_per_day), 0);
  const recent = movements;
  const sum = (k: keyof Balance) => balances.reduce((s, b) => s + (b[k] as number), 0);
  return (
    <>
      <PageHeader title={sku.code} sub={sku.name}>
        <Link to={href('/ledger', { sku: sku.code })}>Full ledger ›</Link>
      </PageHeader>
      <div className="grid2">
        <SkuMasterData initial={sku} />
        <section className="panel">
          <h2>Balances</h2>
          <table className="data compact" data-testid="sku-balances">
            <thead>
              <tr>
                <th>Location</th>
                <th className="num">On hand</th>
                <th className="num">Reserved</th>
                <th className="num">Available</th>
                <th className="num">Inbound</th>
              </tr>
            </thead>
            <tbody>
              {balances.map((b) => (
                <tr key={b.location}>
                  <td className="mono">{b.location}</td>
                  <td className="num">{int(b.on_hand)}</td>
                  <td className="num">{int(b.reserved)}</td>
                  <td className={`num ${b.available <= 0 ? 'text-bad' : ''}`}>{int(b.available)}</td>
                  <td className="num">{int(b.inbound)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th>Total</th>
                <th className="num">{int(sum('on_hand'))}</th>
                <th className="num">{int(sum('reserved'))}</th>
                <th className="num">{int(sum('available'))}</th>
                <th className="num">{int(sum('inbound'))}</th>
              </tr>
            </tfoot>
          </table>
          <AdjustStock sku={sku.code} balances={balances} locations={(locations.data?.items ?? []).map((l) => l.code)} onPosted={reload} />
        </section>
      </div>
      <section className="panel">
        <h2>Daily demand, last {DAYS} days</h2>
        <Sparkline
          values={series.values}
          days={series.days}
          title={`units sold per day of ${sku.code}`}
          marked={series.stockouts.map((l) => l.length > 0)}
          markLabel="stockout (censored)"
          level={planForecast > 0 ? { value: planForecast, label: `plan forecast ${num1(planForecast)}/day` } : null}
        />
        <p className="muted small" data-testid="sku-demand-note">
          {int(total)} units sold ({num1(total / DAYS)}/day), all locations; sales minus returns per UTC day, the series the plan forecasts from
          {planForecast > 0 ? `; the latest plan (run #${runId}) forecasts ${num1(planForecast)}/day` : ''}.{' '}
          {stockoutDays > 0
            ? `${stockoutDays} of ${DAYS} days out of stock somewhere (${worst.map(([l, d]) => `${l} ${d}`).join(', ')}): demand on them is censored, so the forecast treats it as unknown rather than as low.`
            : 'No stockout day: every day’s demand is observed.'}
        </p>
      </section>
      <LaunchPanel sku={sku.code} />
      {recs.length > 0 && (
        <section className="panel">
          <h2>Latest plan (run #{runId})</h2>
          <table className="data compact">
            <thead>
              <tr>
                <th>Location</th>
                <th>Class</th>
                <th className="num">Forecast/day</th>
                <th className="num">Position</th>
                <th className="num">Reorder pt</th>
                <th className="num">Order-up-to</th>
                <th className="num">Order</th>
                <th>Order by</th>
              </tr>
            </thead>
            <tbody>
              {recs.map((r: Recommendation) => (
                <tr key={r.id}>
                  <td className="mono">{r.location}</td>
                  <td>{`${r.abc}${r.xyz}`}</td>
                  <td className="num">{num1(r.forecast_per_day)}</td>
                  <td className="num">{int(r.inventory_position)}</td>
                  <td className="num">{int(r.reorder_point)}</td>
                  <td className="num">{int(r.order_up_to)}</td>
                  <td className="num strong">
                    {r.final_qty > 0 ? (
                      int(r.final_qty)
                    ) : r.explanation.replenishment && r.explanation.replenishment.asked > 0 ? (
                      <span title={`replenished by transfer: ${r.explanation.replenishment.short} short at ${r.explanation.replenishment.from}`}>
                        send {int(r.explanation.replenishment.sent)} ← {r.explanation.replenishment.from}
                      </span>
                    ) : (
                      <span className="muted">0</span>
                    )}
                  </td>
                  <td>{r.final_qty > 0 ? r.order_by_date : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section className="panel">
        <h2>Recent movements</h2>
        <table className="data compact" data-testid="sku-movements">
          <thead>
            <tr>
              <th>When (UTC)</th>
              <th>Kind</th>
              <th>Location</th>
              <th className="num">Qty</th>
              <th className="num">Value</th>
              <th>Reference</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((m) => (
              <tr key={m.id}>
                <td className="mono">{instant(m.occurred_at)}</td>
                <td>
                  <Badge status={m.kind} />
                </td>
                <td className="mono">{m.location}</td>
                <td className="num">{signed(movementDelta(m.kind, m.quantity))}</td>
                <td className="num">{money(m.value)}</td>
                <td className="ellipsis">{m.reference ?? m.reason ?? ''}</td>
                <td className="muted">{m.actor}</td>
              </tr>
            ))}
            {recent.length === 0 && (
              <tr>
                <td colSpan={7} className="empty">
                  No movements in the last {DAYS} days.
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <p className="muted small">
          {moreMovements ? `The ${recent.length} most recent movements` : `All ${int(recent.length)} movements`} in the last {DAYS} days (quantities as their effect on stock; inbound changes inbound, not on hand).{' '}
          <Link to={href('/ledger', { sku: sku.code })}>All of them in the ledger ›</Link>
        </p>
      </section>
    </>
  );
}
