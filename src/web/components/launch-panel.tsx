/**
 * A SKU's launch forecasts (SKU page): the demand each location is planned on while it has little
 * or no history of its own (GET /launch-forecasts?sku=), a form that sets or replaces one (PUT
 * /launch-forecasts/:sku/:location, with owner and rationale) and a button that removes one
 * (DELETE). docs/planning.md "Launch forecasts".
 */
import { useState, type FormEvent } from 'react';
import { del, get, getAll, put } from '../api.ts';
import { dayOf, instant } from '../format.ts';
import { useApi } from '../hooks.ts';
import type { LaunchForecastApi, Location } from '../types.ts';
import { ErrorBox, Loading } from './ui.tsx';

export function LaunchPanel({ sku }: { sku: string }) {
  const list = useApi(() => get<{ items: LaunchForecastApi[] }>('/launch-forecasts', { sku }), [sku]);
  const locations = useApi(() => getAll<Location>('/locations'), []);
  const [form, setForm] = useState({ location: '', rate: '', cv: '0.25', day: dayOf(), handOver: '56', owner: '', rationale: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const location = form.location || locations.data?.items[0]?.code || '';
  const act = async (f: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await put(`/launch-forecasts/${encodeURIComponent(sku)}/${encodeURIComponent(location)}`, {
        rate_per_day: Number(form.rate),
        cv: Number(form.cv),
        launch_day: form.day,
        hand_over_days: Number(form.handOver),
        owner: form.owner.trim(),
        rationale: form.rationale.trim(),
      });
      setForm({ ...form, rationale: '' });
    });
  };
  const items = list.data?.items ?? [];
  return (
    <section className="panel" data-testid="launch-forecasts">
      <h2>Launch forecasts</h2>
      <p className="muted small">
        For a location where this SKU has little or no history of its own: the plan forecasts it from the stated rate (uncertain by the cv: negative binomial) from the launch
        day on, and hands over to its own sales linearly over the hand-over days.
      </p>
      {items.length > 0 && (
        <table className="data compact">
          <thead>
            <tr>
              <th>Location</th>
              <th className="num">Rate/day</th>
              <th className="num">cv</th>
              <th>Launch day</th>
              <th className="num">Hand-over (d)</th>
              <th>Owner</th>
              <th>Rationale</th>
              <th>Set</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((l) => (
              <tr key={l.location} data-testid="launch-row">
                <td className="mono">{l.location}</td>
                <td className="num">{l.rate_per_day}</td>
                <td className="num">{l.cv}</td>
                <td>{l.launch_day}</td>
                <td className="num">{l.hand_over_days}</td>
                <td>{l.owner}</td>
                <td className="small wrap">{l.rationale}</td>
                <td className="mono small">
                  {instant(l.updated_at)} by {l.updated_by}
                </td>
                <td>
                  <button type="button" disabled={busy} onClick={() => void act(() => del(`/launch-forecasts/${encodeURIComponent(sku)}/${encodeURIComponent(l.location)}`))}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={submit} className="filters">
        <select value={location} onChange={set('location')} aria-label="launch location">
          {(locations.data?.items ?? []).map((l) => (
            <option key={l.code} value={l.code}>
              {l.code}
            </option>
          ))}
        </select>
        <label>
          rate/day <input type="number" min={0} step="any" value={form.rate} onChange={set('rate')} aria-label="launch rate per day" style={{ width: '6em' }} />
        </label>
        <label title="Coefficient of variation of the rate (default 0.25: meets the target over launches whose estimate is off by up to a factor of two; higher protects each launch more)">
          cv <input type="number" min={0} max={10} step={0.1} value={form.cv} onChange={set('cv')} aria-label="launch cv" style={{ width: '4.5em' }} />
        </label>
        <label>
          from <input type="date" value={form.day} onChange={set('day')} aria-label="launch day" />
        </label>
        <label title="Days of own history after which the launch forecast no longer counts">
          hand-over d <input type="number" min={1} max={730} value={form.handOver} onChange={set('handOver')} aria-label="hand-over days" style={{ width: '4.5em' }} />
        </label>
        <input type="text" value={form.owner} onChange={set('owner')} aria-label="launch owner" placeholder="owner" style={{ width: '8em' }} />
        <input type="text" value={form.rationale} onChange={set('rationale')} aria-label="launch rationale" placeholder="Rationale (required): e.g. the analogue product" style={{ minWidth: '18em' }} />
        <button type="submit" className="primary" disabled={busy || !location || !(Number(form.rate) > 0) || !form.owner.trim() || !form.rationale.trim()}>
          {items.some((l) => l.location === location) ? 'Replace' : 'Set'} launch forecast
        </button>
      </form>
      <ErrorBox error={error ?? list.error ?? locations.error} />
      <Loading loading={list.loading} />
    </section>
  );
}
