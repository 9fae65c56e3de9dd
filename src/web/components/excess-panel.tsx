/**
 * The Replenishment page's excess panel: a plan run's stock beyond its excess horizon (the run's
 * `inputs.excess`: the largest lines, dead stock marked) and the transfers it proposes from that
 * excess to the same SKU's orders within a transfer region (`inputs.transfers`), with a button
 * that creates them as draft transfers (POST /plans/ID/transfers; asking twice creates nothing twice).
 */
import { useState } from 'react';
import { post } from '../api.ts';
import { int, moneyMicros, num1 } from '../format.ts';
import { Link, skuHref, transferHref } from '../router.tsx';
import type { ExcessSummary, RunTransfer } from '../types.ts';
import { ErrorBox } from './ui.tsx';


/** How many transfers show before "show all". */
const FIRST = 10;

export function ExcessPanel({ runId, excess, transfers }: { runId: number; excess: ExcessSummary; transfers: RunTransfer[] }) {
  const [all, setAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<{ number: string; created: boolean; quantity: number }[] | null>(null);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      setCreated((await post<{ transfers: { number: string; created: boolean; quantity: number }[] }>(`/plans/${runId}/transfers`, {})).transfers);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const units = transfers.reduce((t, x) => t + x.quantity, 0);
  const saved = transfers.reduce((t, x) => t + x.value, 0);
  return (
    <section className="panel" data-testid="excess-panel">
      <h2>Excess stock</h2>
      <p>
        Beyond {int(excess.horizon_days)} days of forecast demand (plus safety stock): <strong>{int(excess.lines)} lines worth {moneyMicros(excess.value)}</strong> ({moneyMicros(excess.on_hand_value)} on hand, {moneyMicros(excess.inbound_value)} still inbound on open POs)
        {excess.dead_lines > 0 ? `; ${int(excess.dead_lines)} of them with no expected demand (${moneyMicros(excess.dead_value)})` : ''}
        {excess.aged_value > 0 ? `; ${moneyMicros(excess.aged_value)} of the excess on hand was received more than ${int(excess.horizon_days)} days ago` : ''}.
        {transfers.length > 0 && ` ${int(transfers.length)} transfers move ${int(units)} units of it to locations of the same region that order them, instead of buying ${moneyMicros(saved)}.`}
      </p>
      {transfers.length > 0 && (
        <>
          <table className="data compact" data-testid="transfers">
            <thead>
              <tr>
                <th>SKU</th>
                <th>From</th>
                <th>To</th>
                <th className="num">Units</th>
                <th className="num">Value</th>
                <th className="num" title="The receiving line's purchase before and after the transfer">Purchase</th>
              </tr>
            </thead>
            <tbody>
              {(all ? transfers : transfers.slice(0, FIRST)).map((t, i) => (
                <tr key={i}>
                  <td>
                    <Link to={skuHref(t.sku)} className="mono">
                      {t.sku}
                    </Link>
                  </td>
                  <td className="mono">{t.from}</td>
                  <td className="mono">{t.to}</td>
                  <td className="num">{int(t.quantity)}</td>
                  <td className="num">{moneyMicros(t.value)}</td>
                  <td className="num">
                    {int(t.purchase_before)} → {int(t.purchase_after)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="filters">
            {transfers.length > FIRST && (
              <button type="button" onClick={() => setAll(!all)}>
                {all ? 'Show fewer' : `Show all ${int(transfers.length)}`}
              </button>
            )}
            <button type="button" onClick={create} disabled={busy} data-testid="create-transfers">
              Create draft transfers
            </button>
            {created && (
              <span className="small" data-testid="created-transfers">
                {created.filter((c) => c.created).length} created, {created.filter((c) => !c.created).length} already there:{' '}
                {created.map((c, i) => (
                  <span key={c.number}>
                    {i > 0 ? ', ' : ''}
                    <Link to={transferHref(c.number)}>{c.number}</Link>
                  </span>
                ))}{' '}
                (ship them from their pages under Transfers)
              </span>
            )}
          </div>
          <ErrorBox error={error} />
        </>
      )}
      {excess.top.length > 0 && (
        <table className="data compact" data-testid="excess-top">
          <thead>
            <tr>
              <th>SKU</th>
              <th>Location</th>
              <th className="num">Excess</th>
              <th className="num">On hand</th>
              <th className="num">Inbound</th>
              <th className="num">Value</th>
              <th className="num">Cover (d)</th>
              <th className="num" title="Days since the oldest units on hand were received (FIFO lots)">Oldest (d)</th>
              <th className="num" title="Units on hand received more than the horizon ago">Aged</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {excess.top.map((x) => (
              <tr key={`${x.sku}@${x.location}`}>
                <td>
                  <Link to={skuHref(x.sku)} className="mono">
                    {x.sku}
                  </Link>
                </td>
                <td className="mono">{x.location}</td>
                <td className="num">{int(x.units)}</td>
                <td className="num">{int(x.on_hand)}</td>
                <td className="num">{int(x.inbound)}</td>
                <td className="num">{moneyMicros(x.value)}</td>
                <td className="num" title={x.cover_days === null && !x.dead ? 'more than ten years of its forecast demand' : undefined}>
                  {x.cover_days === null ? (x.dead ? '–' : '> 3,650') : num1(x.cover_days)}
                </td>
                <td className="num">{x.oldest_days === null ? '–' : int(x.oldest_days)}</td>
                <td className={`num ${x.aged_units > 0 ? 'text-warn' : ''}`}>{x.aged_units > 0 ? int(x.aged_units) : ''}</td>
                <td>{x.dead ? <span className="text-warn small">no demand</span> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
