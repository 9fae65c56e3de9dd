/**
 * Supplier lead times (GET /suppliers/:code/lead-time, docs/purchasing.md "Lead times"): per
 * supplier, the configured lead time beside the one learned from its receipts, and whether its POs
 * overtake each other (order crossover), which shrinks the lead-time term of the plan's safety
 * stock (docs/planning.md "Lead times"). Shown on the Purchasing page under the POs it comes from.
 */
import { get } from '../api.ts';
import { crossingText, int, num1, openOrdersText } from '../format.ts';
import { useApi } from '../hooks.ts';
import { Link } from '../router.tsx';
import type { LeadTimeStatsApi, Supplier } from '../types.ts';
import { ErrorBox } from './ui.tsx';

export function SupplierLeadTimes({ suppliers }: { suppliers: Supplier[] }) {
  const codes = suppliers.map((s) => s.code).join(',');
  const { data, error } = useApi(() => Promise.all(suppliers.map((s) => get<LeadTimeStatsApi>(`/suppliers/${encodeURIComponent(s.code)}/lead-time`))), [codes]);
  const bySupplier = new Map(suppliers.map((s) => [s.code, s]));
  return (
    <section className="panel" data-testid="supplier-lead-times">
      <h2>Supplier lead times</h2>
      <p className="muted small">
        Learned from the receipts (placed → received, per delivery) against the configured default. Its open POs with nothing received yet count as lasting at least their age, so a supplier
        running late shows it before its late POs arrive (the plan uses that estimate). When a supplier&apos;s POs overtake each other as independent lead times would, the plan&apos;s safety stock
        uses the spread of the pipeline rather than of one order (order crossover).
      </p>
      <ErrorBox error={error} />
      {data && (
        <table className="data compact">
          <thead>
            <tr>
              <th>Supplier</th>
              <th className="num">Configured</th>
              <th className="num">Learned</th>
              <th className="num">Receipts</th>
              <th className="num">With open POs</th>
              <th>Order crossover</th>
            </tr>
          </thead>
          <tbody>
            {data.map((st) => {
              const s = bySupplier.get(st.supplier);
              return (
                <tr key={st.supplier} data-testid="supplier-lead-time-row">
                  <td>
                    <Link to={`/purchasing?supplier=${encodeURIComponent(st.supplier)}`} className="mono">
                      {st.supplier}
                    </Link>
                  </td>
                  <td className="num">{`${num1(st.default_lead_time_days)} ± ${num1(s?.lead_time_sd_days ?? 0)} d`}</td>
                  <td className="num">{st.overall.mean_days === null ? '–' : `${num1(st.overall.mean_days)} ± ${st.overall.sd_days === null ? '?' : num1(st.overall.sd_days)} d`}</td>
                  <td className="num">{int(st.overall.n)}</td>
                  <td className="num" data-testid="supplier-open-orders">{openOrdersText(st.open_orders)}</td>
                  <td className="small">{crossingText(st.crossing)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
