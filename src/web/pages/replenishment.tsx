/**
 * Replenishment: the latest plan run's suggestions, what to order first (earliest order-by date),
 * filtered, ordered and paged by the API (GET /recommendations?order=urgency, 200 lines a page;
 * the counts beside the filters from GET /plans/ID/line-counts), so a run of any size loads as
 * fast; each line expandable into its explanation with an override form; "Run plan now" (POST /plans, then
 * polling the run), optionally within a budget, and what the budget or an exposure cap cut;
 * "Create draft POs" from the run (one per supplier).
 */
import { useEffect, useState } from 'react';
import { ApiError, get, getAll, post } from '../api.ts';
import { DraftsPanel } from '../components/drafts-panel.tsx';
import { ExcessPanel } from '../components/excess-panel.tsx';
import { ReplenishmentPanel } from '../components/replenishment-panel.tsx';
import { RecommendationRow } from '../components/recommendation-row.tsx';
import { Badge, ErrorBox, Loading, PageHeader, PagerControls } from '../components/ui.tsx';
import { instant, int, money, moneyMicros, num1, pct } from '../format.ts';
import { useApi } from '../hooks.ts';
import { Link, poHref, setQuery, useLocation } from '../router.tsx';
import { LIFECYCLES, type BudgetSummary, type CreatedPos, type Location as StockLocation, type Page, type PlanRun, type Recommendation, type Supplier } from '../types.ts';

interface SupplierSummary {
  supplier: string | null;
  lines: number;
  quantity: number;
  value: string;
  min_order_value: string | null;
  below_minimum_order_value: boolean;
  moq: number;
  skus_below_moq: string[];
  order_by: string | null;
  ordered: number;
}



/** What a cap key names: "the budget", "supplier X", "policy X". */
const capName = (key: string) => (key.startsWith('supplier:') ? `supplier ${key.slice(9)}` : key.startsWith('policy:') ? `policy ${key.slice(7)}` : key);

/** The run's budget and caps: what was asked, what was funded, what the cut costs in expected sales. */
function BudgetPanel({ b }: { b: BudgetSummary }) {
  const kept = b.asked_cycle_sales > 0 ? b.funded_cycle_sales / b.asked_cycle_sales : 1;
  return (
    <section className="panel" data-testid="budget-summary">
      <h2>Budget</h2>
      <p>
        {b.budget === null ? 'No overall budget' : `Budget ${moneyMicros(b.budget)}`} ({b.objective === 'margin' ? 'sales valued at their margin' : b.objective === 'revenue' ? 'sales valued at their price' : 'every unit sold alike'}):{' '}
        {b.lines_cut ? (
          <>
            <strong>
              {int(b.lines_cut)} of {int(b.lines_asked)} lines cut
            </strong>{' '}
            ({int(b.lines_dropped)} to nothing), {moneyMicros(b.spent)} of {moneyMicros(b.asked)} funded. The lines keep {pct(kept)} of the sales expected in the cycle after their orders arrive (
            {num1(b.funded_cycle_sales)} of {num1(b.asked_cycle_sales)} units): the units cut are those that would sell least before a later order could arrive.
            {b.cutoff !== null && ` The first unit refused returned ${b.cutoff.toFixed(3)} ${b.objective === 'units' ? 'units sold' : b.objective} per 1.00.`}
          </>
        ) : (
          `all ${int(b.lines_asked)} lines funded (${moneyMicros(b.spent)}).`
        )}
        {b.unpriced > 0 && ` ${int(b.unpriced)} lines without a price were valued at the median markup.`}
        {b.below_minimum_order_value.length > 0 && <span className="text-warn">{` Now below their minimum order value: ${b.below_minimum_order_value.join(', ')}.`}</span>}
        {(b.minimum_order_repairs ?? []).length > 0 && (
          <span data-testid="budget-repairs">
            {' '}
            Minimum order values:{' '}
            {b.minimum_order_repairs!.map((x, i) => (
              <span key={x.supplier}>
                {i > 0 ? '; ' : ''}
                {x.decision === 'raised'
                  ? `${x.supplier}'s order raised to ${moneyMicros(x.after)} (the cuts left ${moneyMicros(x.before)}, below its minimum of ${moneyMicros(x.minimum)}), with money from lower-return lines`
                  : `${x.supplier}'s order dropped (the cuts left ${moneyMicros(x.before)}, below its minimum of ${moneyMicros(x.minimum)}, a PO it refuses; raising it would have displaced more), its money spent on other lines`}
              </span>
            ))}
            .
          </span>
        )}
      </p>
      {b.caps.length > 0 && (
        <table className="data compact" data-testid="budget-caps">
          <thead>
            <tr>
              <th>Cap</th>
              <th className="num">Limit</th>
              <th className="num">Already open</th>
              <th className="num">Asked</th>
              <th className="num">Funded</th>
            </tr>
          </thead>
          <tbody>
            {b.caps.map((c) => (
              <tr key={c.key}>
                <td>{capName(c.key)}</td>
                <td className="num">{moneyMicros(c.limit)}</td>
                <td className="num">{c.key.startsWith('supplier:') ? moneyMicros(c.committed) : '–'}</td>
                <td className="num">{moneyMicros(c.asked)}</td>
                <td className={`num ${c.spent < c.asked ? 'text-warn' : ''}`}>{moneyMicros(c.spent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Lines a page of suggestions shows. */
const PAGE = 200;

interface LineCounts {
  all: number;
  to_order: number;
  cut: number;
  to_send: number;
}

/** The newest succeeded run; its counts, draft-PO preview and lines are read apart (an override reloads the first two). */
async function loadRun(): Promise<{ run: PlanRun | null }> {
  const runs = await get<Page<PlanRun>>('/plans', { status: 'succeeded', limit: 1 });
  return { run: runs.items[0] ?? null };
}

const NO_COUNTS: LineCounts = { all: 0, to_order: 0, cut: 0, to_send: 0 };

/** A run's draft-PO preview per supplier and its line counts. */
async function loadSummary(runId: number | null): Promise<{ suppliers: SupplierSummary[]; counts: LineCounts }> {
  if (runId === null) return { suppliers: [], counts: NO_COUNTS };
  const [suppliers, counts] = await Promise.all([get<{ items: SupplierSummary[] }>(`/plans/${runId}/suppliers`), get<LineCounts>(`/plans/${runId}/line-counts`)]);
  return { suppliers: suppliers.items, counts };
}

export function ReplenishmentPage() {
  const { query } = useLocation();
  const shown = query.get('show');
  const show = shown === 'all' || shown === 'cut' || shown === 'send' ? shown : 'order';
  const supplier = query.get('supplier') ?? '';
  const location = query.get('location') ?? '';
  const lifecycle = query.get('lifecycle') ?? '';
  const loaded = useApi(loadRun, []);
  const runId = loaded.data?.run?.id ?? null;
  const summary = useApi(() => loadSummary(runId), [runId, loaded.data]);
  // one page of the run's lines, filtered and ordered (most urgent first) by the API
  const [offset, setOffset] = useState(0);
  useEffect(() => setOffset(0), [runId, show, supplier, location, lifecycle]);
  // the page's query; rows of an earlier query are not shown while this one loads
  const pageKey = JSON.stringify([runId, show, supplier, location, lifecycle, offset]);
  const lines = useApi(
    async () => ({
      key: pageKey,
      ...(runId === null
        ? { items: [] as Recommendation[], next_offset: null as number | null }
        : await get<{ items: Recommendation[]; next_offset: number | null }>('/recommendations', {
            run: runId,
            order: 'urgency',
            limit: PAGE,
            offset,
            only_to_order: show === 'order' || undefined,
            cut: show === 'cut' || undefined,
            to_send: show === 'send' || undefined,
            supplier: supplier || undefined,
            location: location || undefined,
            lifecycle: lifecycle || undefined,
          })),
    }),
    [pageKey, loaded.data],
  );
  const [recs, setRecs] = useState<Recommendation[]>([]);
  useEffect(() => setRecs(lines.data?.items ?? []), [lines.data]);
  const current = lines.data?.key === pageKey && !lines.loading;
  const supplierList = useApi(() => getAll<Supplier>('/suppliers'), []);
  const locationList = useApi(() => getAll<StockLocation>('/locations'), []);
  const [open, setOpen] = useState<number | null>(null);
  const [running, setRunning] = useState<PlanRun | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [created, setCreated] = useState<CreatedPos | null>(null);
  const [busy, setBusy] = useState(false);
  const [budget, setBudget] = useState('');
  const [objective, setObjective] = useState('margin');
  const run = loaded.data?.run ?? null;
  const reload = loaded.reload;
  const excessTransfers = (run?.inputs?.transfers ?? []).filter((t) => (t.reason ?? 'excess') === 'excess');

  // A run started elsewhere (CLI, nightly schedule) shows up too.
  useEffect(() => {
    get<Page<PlanRun>>('/plans', { status: 'running', limit: 1 }).then((p) => p.items[0] && setRunning(p.items[0]), () => undefined);
  }, []);
  // Poll a running plan until it ends, then reload the suggestions.
  useEffect(() => {
    if (!running || running.status !== 'running') return;
    const t = setTimeout(async () => {
      try {
        const r = await get<PlanRun>(`/plans/${running.id}`);
        setRunning(r);
        if (r.status !== 'running') {
          if (r.status === 'failed') setActionError(new ApiError(500, 'PLAN_RUN_FAILED', `plan run #${r.id} failed: ${r.error ?? 'unknown error'}`));
          reload();
        }
      } catch (e) {
        setActionError(e);
      }
    }, 1500);
    return () => clearTimeout(t);
  }, [running, reload]);

  const runPlan = async () => {
    setActionError(null);
    setCreated(null);
    try {
      setRunning(await post<PlanRun>('/plans', budget.trim() ? { budget: budget.trim(), budget_objective: objective } : {}));
    } catch (e) {
      setActionError(e);
    }
  };
  const createPos = async () => {
    if (!run) return;
    setBusy(true);
    setActionError(null);
    try {
      setCreated(await post<CreatedPos>(`/plans/${run.id}/purchase-orders`, {}));
      loaded.reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };

  const suppliers = (supplierList.data?.items ?? []).map((s) => s.code);
  const locations = (locationList.data?.items ?? []).map((l) => l.code);
  const rows = current ? recs : [];
  const counts = summary.data?.counts ?? NO_COUNTS;
  // lines to order with a supplier not on a PO yet (the draft-PO preview, all pages)
  const unordered = (summary.data?.suppliers ?? []).filter((s) => s.supplier !== null).reduce((t, s) => t + s.lines - s.ordered, 0);
  const nextOffset = current ? (lines.data?.next_offset ?? null) : null;
  const isRunning = running?.status === 'running';

  return (
    <>
      <PageHeader
        title="Replenishment"
        sub={
          run
            ? `Plan run #${run.id} for ${run.as_of} · finished ${instant(run.finished_at)} · ${int(run.planned_count)} SKU × locations planned in ${((run.duration_ms ?? 0) / 1000).toFixed(1)} s`
            : 'No plan run has succeeded yet.'
        }
      >
        <label className="small" title="Money the run's new order lines may cost together (currency units): lines are funded by their expected sales per money spent and the rest cut; blank = no limit">
          budget{' '}
          <input type="text" inputMode="decimal" value={budget} onChange={(e) => setBudget(e.target.value)} placeholder="none" aria-label="budget" style={{ width: '7em' }} />
        </label>
        <select value={objective} onChange={(e) => setObjective(e.target.value)} aria-label="budget objective" title="What a unit sold is worth when the budget cuts" disabled={!budget.trim()}>
          <option value="margin">by margin</option>
          <option value="revenue">by revenue</option>
          <option value="units">by units</option>
        </select>
        <button type="button" className="primary" onClick={runPlan} disabled={isRunning} data-testid="run-plan">
          {isRunning ? `Plan #${running?.id} running…` : 'Run plan now'}
        </button>
        <button type="button" onClick={createPos} disabled={!run || busy || isRunning || unordered === 0} data-testid="create-pos">
          Create draft POs{unordered ? ` (${unordered} lines)` : ''}
        </button>
      </PageHeader>
      <ErrorBox error={actionError} />
      <ErrorBox error={loaded.error} />
      {running && running.status !== 'running' && (
        <div className={`notice${running.status === 'failed' ? ' notice-bad' : ''}`}>
          <Badge status={running.status} /> Plan run #{running.id} finished
          {running.duration_ms !== null ? ` in ${(running.duration_ms / 1000).toFixed(1)} s` : ''}: {int(running.to_order_count)} of {int(running.planned_count)} SKU × locations to
          order, worth {money(running.total_value)}.
        </div>
      )}
      {created && (
        <div className="notice" data-testid="created-pos">
          Created {created.purchase_orders.length} draft purchase orders:{' '}
          {created.purchase_orders.map((p, i) => (
            <span key={p.number}>
              {i > 0 ? ', ' : ''}
              <Link to={poHref(p.number)}>{p.number}</Link> ({p.supplier}, {p.lines} lines, {money(p.total_value)}
              {p.below_minimum_order_value ? ', below minimum order value' : ''}
              {p.skus_below_moq.length ? `, ${p.skus_below_moq.length} SKU${p.skus_below_moq.length > 1 ? 's' : ''} below MOQ ${p.moq}` : ''})
            </span>
          ))}
          {created.skipped.no_supplier + created.skipped.already_ordered > 0 &&
            ` · skipped ${created.skipped.no_supplier} without supplier, ${created.skipped.already_ordered} already ordered`}
          .
        </div>
      )}
      <Loading loading={loaded.loading && !loaded.data} what="Loading suggestions" />
      {run && loaded.data && (
        <>
          {run.inputs?.drafts && run.inputs.drafts.stale_count > 0 && <DraftsPanel d={run.inputs.drafts} />}
          {run.inputs?.budget && <BudgetPanel b={run.inputs.budget} />}
          {run.inputs?.replenishment && run.inputs.replenishment.lines > 0 && (
            <ReplenishmentPanel runId={run.id} r={run.inputs.replenishment} transfers={(run.inputs.transfers ?? []).filter((t) => t.reason === 'replenishment')} />
          )}
          {run.inputs?.excess && (run.inputs.excess.lines > 0 || excessTransfers.length > 0) && <ExcessPanel runId={run.id} excess={run.inputs.excess} transfers={excessTransfers} />}
          <section className="panel">
            <h2>By supplier</h2>
            <table className="data compact" data-testid="supplier-summary">
              <thead>
                <tr>
                  <th>Supplier</th>
                  <th className="num">Lines</th>
                  <th className="num">Units</th>
                  <th className="num">Value</th>
                  <th className="num">Min. order value</th>
                  <th className="num">MOQ per SKU</th>
                  <th>Order by</th>
                  <th className="num">On a PO</th>
                </tr>
              </thead>
              <tbody>
                {(summary.data?.suppliers ?? []).map((s) => (
                  <tr key={s.supplier ?? '-'}>
                    <td className="mono">{s.supplier ?? <span className="muted">no supplier</span>}</td>
                    <td className="num">{int(s.lines)}</td>
                    <td className="num">{int(s.quantity)}</td>
                    <td className="num">{money(s.value)}</td>
                    <td className={`num ${s.below_minimum_order_value ? 'text-warn' : ''}`}>
                      {money(s.min_order_value)}
                      {s.below_minimum_order_value ? ' (below)' : ''}
                    </td>
                    <td className={`num ${s.skus_below_moq.length ? 'text-warn' : ''}`} title={s.skus_below_moq.length ? `below the MOQ: ${s.skus_below_moq.join(', ')}` : undefined}>
                      {s.moq > 0 ? int(s.moq) : ''}
                      {s.skus_below_moq.length ? ` (${s.skus_below_moq.length} below)` : ''}
                    </td>
                    <td className="mono">{s.order_by ?? ''}</td>
                    <td className="num">{int(s.ordered)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <div className="filters">
            <div className="segmented">
              <button type="button" className={show === 'order' ? 'on' : ''} onClick={() => setQuery({ show: '' })}>
                To order ({int(counts.to_order)})
              </button>
              {counts.cut > 0 && (
                <button type="button" className={show === 'cut' ? 'on' : ''} onClick={() => setQuery({ show: 'cut' })} data-testid="show-cut">
                  Cut by budget ({int(counts.cut)})
                </button>
              )}
              {counts.to_send > 0 && (
                <button type="button" className={show === 'send' ? 'on' : ''} onClick={() => setQuery({ show: 'send' })} data-testid="show-send" title="Lines of locations replenished by transfer that ask for stock from their source">
                  To send ({int(counts.to_send)})
                </button>
              )}
              <button type="button" className={show === 'all' ? 'on' : ''} onClick={() => setQuery({ show: 'all' })}>
                All ({int(counts.all)})
              </button>
            </div>
            <select value={supplier} onChange={(e) => setQuery({ supplier: e.target.value })} aria-label="supplier">
              <option value="">All suppliers</option>
              {suppliers.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
            <select value={location} onChange={(e) => setQuery({ location: e.target.value })} aria-label="location">
              <option value="">All locations</option>
              {locations.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </select>
            <select value={lifecycle} onChange={(e) => setQuery({ lifecycle: e.target.value })} aria-label="lifecycle">
              <option value="">All lifecycle stages</option>
              {LIFECYCLES.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
            <span className="muted small">Most urgent first (order-by date, then days of cover), {PAGE} a page. Click a row for its explanation and to override.</span>
          </div>
          <table className="data" data-testid="recommendations">
            <thead>
              <tr>
                <th />
                <th>SKU</th>
                <th>Location</th>
                <th>Supplier</th>
                <th title="ABC (value) and XYZ (variability) class, and the lifecycle stage when not active (new, slow: fading, dead: no sale for 180 days)">Cls</th>
                <th className="num">On hand</th>
                <th className="num">Inbound</th>
                <th className="num" title="on hand + inbound − reserved">Position</th>
                <th className="num">Fcst/day</th>
                <th className="num">Reorder pt</th>
                <th className="num">Cover (d)</th>
                <th className="num">Order</th>
                <th className="num">Value</th>
                <th>Order by</th>
                <th>PO</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <RecommendationRow
                  key={r.id}
                  r={r}
                  open={open === r.id}
                  onToggle={() => setOpen(open === r.id ? null : r.id)}
                  onChange={(u) => {
                    setRecs((all) => all.map((x) => (x.id === u.id ? u : x)));
                    summary.reload(); // the counts and the draft-PO preview take the override in
                  }}
                />
              ))}
              {!current && (
                <tr>
                  <td colSpan={15} className="empty">
                    Loading lines…
                  </td>
                </tr>
              )}
              {rows.length === 0 && current && (
                <tr>
                  <td colSpan={15} className="empty">
                    Nothing to show.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <ErrorBox error={lines.error} />
          {(offset > 0 || nextOffset !== null) && (
            <PagerControls pageNo={Math.floor(offset / PAGE) + 1} hasPrev={offset > 0} hasNext={nextOffset !== null} prev={() => setOffset(Math.max(0, offset - PAGE))} next={() => nextOffset !== null && setOffset(nextOffset)} count={rows.length} loading={lines.loading} />
          )}
        </>
      )}
    </>
  );
}
