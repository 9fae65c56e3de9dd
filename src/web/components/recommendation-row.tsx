/**
 * One suggestion of a plan run as a table row; clicking it expands the explanation (forecast
 * model and rate, lead time, service target, safety stock, rounding) and an override form.
 */
import { Fragment, useState, type FormEvent } from 'react';
import { post } from '../api.ts';
import { int, money, moneyMicros, num1, num2, orderDaysText, pct } from '../format.ts';
import { Link, poHref, skuHref } from '../router.tsx';
import type { Recommendation } from '../types.ts';
import { ErrorBox } from './ui.tsx';

const COLS = 15;

/** True when the run's budget or an exposure cap cut the line's quantity. */
export const isCut = (r: Recommendation) => !!r.explanation?.budget && r.explanation.budget.funded < r.explanation.budget.asked;

/** 'the run's budget', 'supplier X's open-value cap', 'supplier X's minimum order value (…)', 'policy X's run budget'. */
function budgetCause(key: string | null): string {
  if (key?.startsWith('minimum:supplier:')) return `supplier ${key.slice(17)}'s minimum order value (its order dropped: raising it would have displaced more)`;
  if (key?.startsWith('supplier:')) return `supplier ${key.slice(9)}'s open-value cap`;
  if (key?.startsWith('policy:')) return `policy ${key.slice(7)}'s run budget`;
  return "the run's budget";
}

function Explanation({ r }: { r: Recommendation }) {
  const x = r.explanation ?? {};
  const f = x.forecast ?? {};
  const lt = x.lead_time ?? {};
  const pol = x.policy ?? {};
  const lv = x.levels ?? {};
  const pr = x.protection ?? {};
  const ord = x.order ?? {};
  const rules = Object.entries(ord.rules ?? {}).filter(([, v]) => v !== null && v !== undefined);
  return (
    <div className="explain" data-testid="explanation">
      {x.summary && <p className="explain-summary">{x.summary}</p>}
      {r.error && <ErrorBox error={new Error(r.error)} title="planning failed" />}
      <div className="explain-grid">
        <dl className="kv">
          <dt>Forecast model</dt>
          <dd>
            {f.model ?? '–'}
            {f.demand_class ? ` (${f.demand_class}${f.distribution ? `, ${f.distribution}` : ''})` : ''}
          </dd>
          <dt>Demand rate</dt>
          <dd>
            {num2(f.per_day ?? r.forecast_per_day)}/day{f.sd_per_day !== undefined ? ` ± ${num2(f.sd_per_day)}` : ''}
          </dd>
          {x.segment?.lifecycle && (
            <>
              <dt>Lifecycle</dt>
              <dd data-testid="lifecycle-line">
                {x.segment.lifecycle}
                {x.segment.lifecycle_reason ? `: ${x.segment.lifecycle_reason}` : ''}
              </dd>
            </>
          )}
          <dt>History</dt>
          <dd>
            {f.history_days !== undefined ? `${f.history_days} days` : '–'}
            {f.stockout_days_censored ? `, ${f.stockout_days_censored} stockout days left out` : ''}
          </dd>
          {f.params && (
            <>
              <dt>Parameters</dt>
              <dd className="mono small">
                {Object.entries(f.params)
                  .map(([k, v]) => `${k}=${typeof v === 'number' ? +v.toFixed(4) : String(v)}`)
                  .join(' ')}
              </dd>
            </>
          )}
        </dl>
        <dl className="kv">
          <dt>Lead time</dt>
          <dd>
            {num1(lt.mean_days ?? r.lead_time_days)} ± {num1(lt.sd_days ?? r.lead_time_sd_days)} days
            {lt.source ? ` (${lt.source}${lt.observations ? `, ${lt.observations} receipts` : ''}${lt.open_orders ? ` and ${lt.open_orders} open POs counted as lasting at least their age` : ''})` : ''}
            {lt.independence ? `; POs overtake each other (independence ${num2(lt.independence)})` : ''}
          </dd>
          <dt>Service target</dt>
          <dd>
            {pol.service_target ? `${pct(pol.service_target.level)} ${pol.service_target.kind}` : '–'}
            {r.policy ? ` · policy ${r.policy.code} v${r.policy.version}` : ''}
          </dd>
          <dt>Order cycle</dt>
          <dd>
            {pol.order_weekdays
              ? `orders on ${orderDaysText(pol.order_weekdays)} only`
              : lv.lot?.economic
                ? `economic lot of ${num1(lv.lot.units)} units, about every ${int(lv.lot.units / Math.max(1e-9, f.per_day ?? r.forecast_per_day))} days (order cost ${money(String(lv.lot.economic.order_cost_micros / 1e6))}, holding ${Number((lv.lot.economic.holding_rate * 100).toFixed(1))} %/year, ${num1(lv.lot.economic.annual_demand)} units a year)`
                : pol.review_period_days !== undefined
                  ? `${pol.review_period_days} days (review period)`
                  : '–'}
          </dd>
          <dt>{pol.order_weekdays ? 'Protection demand' : 'Lead-time demand'}</dt>
          <dd>
            {pr.days !== undefined ? `${num1(pr.days)} days: demand ${num1(pr.demand_mean)} ± ${num1(pr.demand_sd)}` : '–'}
            {pr.undershoot ? `, with an undershoot of ${num2(pr.undershoot.mean)} (sells ${num1(pr.undershoot.units_per_selling_day)} units a day when it sells)` : ''}
          </dd>
        </dl>
        <dl className="kv">
          <dt>Safety stock</dt>
          <dd>
            {num1(lv.safety_stock ?? r.safety_stock)}
            {lv.safety_factor !== undefined ? ` (k = ${num2(lv.safety_factor)})` : ''}
          </dd>
          <dt>Reorder / up to</dt>
          <dd>
            {int(r.reorder_point)} / {int(r.order_up_to)}
            {lv.safety_shift ? (
              <div className="muted small">
                {`policy calibration: shifted ${lv.safety_shift.z > 0 ? '+' : ''}${num2(lv.safety_shift.z)} sd from the formula's ${int(lv.safety_shift.formula_reorder_point)} / ${int(lv.safety_shift.formula_order_up_to)}`}
              </div>
            ) : null}
          </dd>
          <dt>Expected service</dt>
          <dd>
            {lv.expected_fill_rate !== undefined ? `fill rate ${pct(lv.expected_fill_rate)}` : '–'}
            {lv.expected_cycle_service !== undefined ? `, cycle ${pct(lv.expected_cycle_service)}` : ''}
            {lv.safety_shift && lv.expected_fill_rate !== undefined ? " at the formula's levels" : ''}
          </dd>
          <dt>Rounding</dt>
          <dd>
            {ord.need !== undefined ? `need ${int(ord.need)}` : ''}
            {(ord.rounding ?? []).map((s, i) => (
              <span key={i}>{` → ${int(s.to)} (${s.note ?? s.rule})`}</span>
            ))}
            {(ord.rounding ?? []).length === 0 && ord.need !== undefined ? ', no rounding' : ''}
            {rules.length > 0 && <div className="muted small">{rules.map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`).join(' · ')}</div>}
          </dd>
          {x.excess && (
            <>
              <dt>Excess</dt>
              <dd data-testid="excess-line">
                {`${int(x.excess.units)} units beyond ${int(x.excess.horizon_days)} days of forecast (keeps ${int(x.excess.keep)}): ${int(x.excess.on_hand)} on hand, ${int(x.excess.inbound)} inbound, ${moneyMicros(x.excess.value_micros)}`}
                {x.excess.dead ? ' — no expected demand' : ''}
              </dd>
            </>
          )}
          {x.transfers && (x.transfers.in.length > 0 || x.transfers.out.length > 0) && (
            <>
              <dt>Transfers</dt>
              <dd data-testid="transfer-line">
                {[...x.transfers.in.map((t) => `${int(t.quantity)} in from ${t.location}`), ...x.transfers.out.map((t) => `${int(t.quantity)} out to ${t.location}`)].join(', ')}
              </dd>
            </>
          )}
          {x.budget && (
            <>
              <dt>Budget</dt>
              <dd data-testid="budget-line">
                {x.budget.funded < x.budget.asked ? `cut from ${int(x.budget.asked)} to ${int(x.budget.funded)} by ${budgetCause(x.budget.limited_by)}` : `funded whole (${int(x.budget.funded)})`}
                <div className="muted small">
                  expected sales in the {num1(x.budget.cycle?.days ?? 0)} days after arrival: {num2(x.budget.funded_cycle_sales)} of {num2(x.budget.asked_cycle_sales)} units
                </div>
              </dd>
            </>
          )}
        </dl>
      </div>
      {(x.notes ?? []).length > 0 && (
        <ul className="notes">
          {(x.notes ?? []).map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      {lv.method && <p className="muted small">{lv.method}</p>}
    </div>
  );
}

/** The line's order step (lcm of case pack and order multiple) from its explanation; 1 = none. */
export function orderStep(r: Recommendation): number {
  const rules = r.explanation?.order?.rules;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const pack = rules?.case_pack ?? 1;
  const multiple = rules?.order_multiple ?? 1;
  const a = pack > 1 ? pack : 1;
  const b = multiple > 1 ? multiple : 1;
  return (a * b) / gcd(a, b);
}

function OverrideForm({ r, onSaved }: { r: Recommendation; onSaved: (r: Recommendation) => void }) {
  const [qty, setQty] = useState(String(r.final_qty));
  const [partial, setPartial] = useState(false);
  const [reason, setReason] = useState('');
  const step = orderStep(r);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSaved(await post<Recommendation>(`/recommendations/${r.id}/override`, { quantity: Number(qty), reason: reason.trim(), ...(partial ? { allow_partial_pack: true } : {}) }));
      setReason('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="override" onSubmit={submit}>
      <strong>Override quantity</strong>
      <input type="number" min={0} step={1} value={qty} onChange={(e) => setQty(e.target.value)} aria-label="quantity" className="qty" />
      {step > 1 && (
        <label className="check small" title={`The quantity is a whole number of packs of ${step} (case pack / order multiple) unless this is ticked`}>
          <input type="checkbox" checked={partial} onChange={(e) => setPartial(e.target.checked)} aria-label="allow a partial pack" /> packs of {step}: allow a partial one
        </label>
      )}
      <input type="text" placeholder="Reason (required, kept with your name)" value={reason} onChange={(e) => setReason(e.target.value)} aria-label="reason" />
      <button type="submit" disabled={busy || !reason.trim() || qty === '' || r.po_number !== null}>
        Save override
      </button>
      {r.override && (
        <span className="muted small">
          current: {int(r.override.quantity)} by {r.override.author} — “{r.override.reason}”
        </span>
      )}
      {r.po_number && <span className="muted small">already on {r.po_number}</span>}
      <ErrorBox error={error} />
    </form>
  );
}

/** A suggestion row plus, when `open`, its explanation and override form. */
export function RecommendationRow({ r, open, onToggle, onChange }: { r: Recommendation; open: boolean; onToggle: () => void; onChange: (r: Recommendation) => void }) {
  return (
    <Fragment>
      <tr className={`clickable${open ? ' open' : ''}${r.error ? ' row-bad' : ''}`} onClick={onToggle} data-testid="rec-row">
        <td className="toggle">{open ? '▾' : '▸'}</td>
        <td>
          <Link to={skuHref(r.sku)} className="mono" onClick={(e) => e.stopPropagation()}>
            {r.sku}
          </Link>
        </td>
        <td className="mono">{r.location}</td>
        <td className="mono small">
          {r.explanation.replenishment ? (
            <span title={`replenished by transfer from ${r.explanation.replenishment.from}: it buys nothing; ${r.explanation.replenishment.sent} sent of ${r.explanation.replenishment.asked} asked`} data-testid="fed-from">
              ← {r.explanation.replenishment.from}
              {r.explanation.replenishment.asked > 0 && (
                <span className={r.explanation.replenishment.short > 0 ? 'text-warn' : 'muted'}>
                  {' '}
                  · send {int(r.explanation.replenishment.sent)}
                  {r.explanation.replenishment.short > 0 ? `, ${int(r.explanation.replenishment.short)} short` : ''}
                </span>
              )}
            </span>
          ) : (
            (r.supplier ?? <span className="muted">none</span>)
          )}
        </td>
        <td>
          {`${r.abc}${r.xyz}`}
          {r.lifecycle && r.lifecycle !== 'active' && <span className={`muted small lifecycle-${r.lifecycle}`}>{` · ${r.lifecycle}`}</span>}
        </td>
        <td className="num">{int(r.on_hand)}</td>
        <td className="num">{int(r.inbound)}</td>
        <td className="num">{int(r.inventory_position)}</td>
        <td className="num">{num1(r.forecast_per_day)}</td>
        <td className="num">{int(r.reorder_point)}</td>
        <td className="num">{r.days_of_cover === null ? '∞' : num1(r.days_of_cover)}</td>
        <td className="num">
          {r.override ? (
            <>
              <s className="muted">{int(r.suggested_qty)}</s> <strong title={`override by ${r.override.author}: ${r.override.reason}`}>{int(r.final_qty)}</strong>
            </>
          ) : isCut(r) && r.explanation.budget ? (
            <span title={`cut by ${budgetCause(r.explanation.budget.limited_by)} from ${r.explanation.budget.asked}`} data-testid="cut-qty">
              <s className="muted">{int(r.explanation.budget.asked)}</s> <strong>{int(r.final_qty)}</strong>
            </span>
          ) : (
            <strong>{int(r.final_qty)}</strong>
          )}
        </td>
        <td className="num">{money(r.final_value)}</td>
        <td className={r.order_by_date && r.final_qty > 0 ? 'mono' : 'mono muted'}>{r.final_qty > 0 ? (r.order_by_date ?? '–') : ''}</td>
        <td>
          {r.po_number ? (
            <Link to={poHref(r.po_number)} onClick={(e) => e.stopPropagation()}>
              {r.po_number}
            </Link>
          ) : (
            ''
          )}
        </td>
      </tr>
      {open && (
        <tr className="detail">
          <td colSpan={COLS}>
            <Explanation r={r} />
            <OverrideForm r={r} onSaved={onChange} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}
