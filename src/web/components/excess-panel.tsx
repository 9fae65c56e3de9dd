/**
 * The Replenishment page's excess panel: a plan run's stock beyond its excess horizon (the run's
 * `inputs.excess`: the largest lines, dead stock marked) and the transfers it proposes from that
 * excess to the same SKU's orders within a transfer region (`inputs.transfers`), with a button
 * that creates them as draft transfers (POST /plans/ID/transfers; asking twice creates nothing twice).
 */
import { int, moneyMicros, num1 } from '../format.ts';
import { Link, skuHref } from '../router.tsx';
import type { ExcessSummary, RunTransfer } from '../types.ts';
import { RunTransfers } from './run-transfers.tsx';

/** `transfers`: the run's transfers from excess (reason `excess`). */
export function ExcessPanel({ runId, excess, transfers }: { runId: number; excess: ExcessSummary; transfers: RunTransfer[] }) {
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
      {transfers.length > 0 && <RunTransfers runId={runId} transfers={transfers} testId="transfers" purchase />}
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
