/**
 * A policy's change form and version history (Policies page): a change is a new version
 * (POST /policies/:code/versions) with the fields changed, an owner and a rationale; the history
 * lists every version, oldest first (GET /policies/:code/versions).
 */
import { useState, type FormEvent } from 'react';
import { get, post } from '../api.ts';
import { classShiftsText, DEMAND_CLASSES, instant, num2, orderDaysText, pct, WEEKDAYS } from '../format.ts';
import { useApi } from '../hooks.ts';
import type { PolicyApi, PolicyVersionApi } from '../types.ts';
import { ErrorBox, Loading } from './ui.tsx';

/** The class-shift inputs as the API's object: blank or 0 = none; null when none is set. */
function classShiftsOf(inputs: Record<string, string>): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const c of DEMAND_CLASSES) {
    const v = (inputs[c] ?? '').trim();
    if (v !== '' && Number(v) !== 0) out[c] = Number(v);
  }
  return Object.keys(out).length ? out : null;
}

/** The fields of a version that differ from `from` (the API body of the change). */
function changes(from: PolicyVersionApi, f: { kind: string; level: string; review: string; days: number[]; cover: string; shift: string; classes: Record<string, string>; auto: boolean }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const level = Number(f.level) / 100;
  if (f.kind !== from.service_target.kind || Math.abs(level - from.service_target.level) > 1e-9) out.service_target = { kind: f.kind, level };
  if (Number(f.review) !== from.review_period_days) out.review_period_days = Number(f.review);
  const days = f.days.length ? [...f.days].sort((a, b) => a - b) : null;
  if (JSON.stringify(days) !== JSON.stringify(from.order_weekdays)) out.order_weekdays = days;
  const cover = f.cover.trim() === '' ? null : Number(f.cover);
  if (cover !== from.max_cover_days) out.max_cover_days = cover;
  if (Number(f.shift) !== from.safety_shift) out.safety_shift = Number(f.shift);
  const classes = classShiftsOf(f.classes);
  if (JSON.stringify(classes) !== JSON.stringify(from.class_shifts ?? null)) out.class_shifts = classes;
  if (f.auto !== from.auto_calibrate) out.auto_calibrate = f.auto;
  return out;
}

export function PolicyForm({ policy, onSaved }: { policy: PolicyApi; onSaved: () => void }) {
  const v = policy.current;
  const [form, setForm] = useState({
    kind: v.service_target.kind,
    level: String(Math.round(v.service_target.level * 10000) / 100),
    review: String(v.review_period_days),
    days: v.order_weekdays ?? [],
    cover: v.max_cover_days === null ? '' : String(v.max_cover_days),
    shift: String(v.safety_shift),
    classes: Object.fromEntries(DEMAND_CLASSES.map((c) => [c, v.class_shifts?.[c] === undefined ? '' : String(v.class_shifts[c])])) as Record<string, string>,
    auto: v.auto_calibrate,
    owner: v.owner,
    rationale: '',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const versions = useApi(() => get<{ items: PolicyVersionApi[] }>(`/policies/${encodeURIComponent(policy.code)}/versions`), [policy.code, v.version]);
  const changed = changes(v, form);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post(`/policies/${encodeURIComponent(policy.code)}/versions`, { owner: form.owner.trim(), rationale: form.rationale.trim(), ...changed });
      setForm({ ...form, rationale: '' });
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="policy-form" data-testid="policy-form">
      <form onSubmit={submit} className="filters">
        <strong>Change {policy.code}</strong>
        <select value={form.kind} onChange={set('kind')} aria-label="target kind">
          <option value="fill-rate">fill rate</option>
          <option value="cycle-service">cycle service</option>
        </select>
        <label>
          target %{' '}
          <input type="number" min={50} max={99.99} step={0.1} value={form.level} onChange={set('level')} aria-label="target level" style={{ width: '5em' }} />
        </label>
        <label>
          review d{' '}
          <input type="number" min={1} max={365} value={form.review} onChange={set('review')} aria-label="review period" style={{ width: '4em' }} />
        </label>
        <span aria-label="order days">
          order days:{' '}
          {WEEKDAYS.map((name, i) => (
            <label key={name} className="small">
              <input
                type="checkbox"
                checked={form.days.includes(i + 1)}
                onChange={(e) => setForm({ ...form, days: e.target.checked ? [...form.days, i + 1] : form.days.filter((d) => d !== i + 1) })}
              />
              {name}{' '}
            </label>
          ))}
          {form.days.length === 0 && <span className="muted small">(any day)</span>}
        </span>
        <label>
          max cover d{' '}
          <input type="number" min={1} max={3650} value={form.cover} onChange={set('cover')} aria-label="max cover days" placeholder="none" style={{ width: '5em' }} />
        </label>
        <label>
          safety shift{' '}
          <input type="number" min={-3} max={3} step={0.05} value={form.shift} onChange={set('shift')} aria-label="safety shift" style={{ width: '5em' }} />
        </label>
        <span aria-label="class shifts" title="Added to the safety shift for SKU x locations whose forecast has that demand class; blank = none">
          class shifts:{' '}
          {DEMAND_CLASSES.map((c) => (
            <label key={c} className="small">
              {c}{' '}
              <input
                type="number"
                min={-3}
                max={3}
                step={0.05}
                value={form.classes[c]}
                onChange={(e) => setForm({ ...form, classes: { ...form.classes, [c]: e.target.value } })}
                aria-label={`${c} shift`}
                placeholder="0"
                style={{ width: '5.5em' }}
              />{' '}
            </label>
          ))}
        </span>
        <label title="The weekly scheduled policy review applies its proposed shift to this policy as a new version (by system:schedule); unticked, a planner applies it">
          <input type="checkbox" checked={form.auto} onChange={(e) => setForm({ ...form, auto: e.target.checked })} aria-label="auto-calibrate" /> auto-calibrate
        </label>
        <input type="text" value={form.owner} onChange={set('owner')} aria-label="owner" placeholder="owner" style={{ width: '8em' }} />
        <input type="text" value={form.rationale} onChange={set('rationale')} aria-label="rationale" placeholder="Rationale (required): why this change" style={{ minWidth: '18em' }} />
        <button type="submit" className="primary" disabled={busy || !form.rationale.trim() || !form.owner.trim() || Object.keys(changed).length === 0}>
          Save as version {v.version + 1}
        </button>
      </form>
      <ErrorBox error={error} />
      <table className="data compact" data-testid="policy-versions">
        <thead>
          <tr>
            <th className="num">v</th>
            <th>Target</th>
            <th className="num">Review</th>
            <th>Order days</th>
            <th className="num">Max cover</th>
            <th className="num">Shift</th>
            <th>Class shifts</th>
            <th>Auto</th>
            <th>Owner</th>
            <th>By</th>
            <th>When</th>
            <th>Rationale</th>
          </tr>
        </thead>
        <tbody>
          {(versions.data?.items ?? []).map((x) => (
            <tr key={x.version}>
              <td className="num">{x.version}</td>
              <td>{`${pct(x.service_target.level)} ${x.service_target.kind}`}</td>
              <td className="num">{x.review_period_days}</td>
              <td>{orderDaysText(x.order_weekdays)}</td>
              <td className="num">{x.max_cover_days ?? '–'}</td>
              <td className="num">{num2(x.safety_shift)}</td>
              <td className="small">{classShiftsText(x.class_shifts) || '–'}</td>
              <td>{x.auto_calibrate ? 'yes' : 'no'}</td>
              <td>{x.owner}</td>
              <td>{x.created_by}</td>
              <td className="mono">{instant(x.created_at)}</td>
              <td className="small wrap">{x.rationale}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Loading loading={versions.loading} />
    </div>
  );
}
