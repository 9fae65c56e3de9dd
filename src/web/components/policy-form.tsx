/**
 * A policy's form (Policies page): creating one (POST /policies, version 1) or changing one (POST
 * /policies/:code/versions with the fields changed), every field of a version: what it applies to
 * (selector), its service target and review period, lead times, exposure caps, calibration, and
 * its owner and rationale; retiring and reactivating are versions too (`active`). The version
 * history lists every version, oldest first (GET /policies/:code/versions).
 */
import { useState, type FormEvent } from 'react';
import { get, post } from '../api.ts';
import { classShiftsText, DEMAND_CLASSES, instant, leadTimeText, lotText, money, num2, orderDaysText, pct, selectorText, WEEKDAYS } from '../format.ts';
import { useApi } from '../hooks.ts';
import { LIFECYCLES, type PolicyApi, type PolicyVersionApi } from '../types.ts';
import { ErrorBox, Loading } from './ui.tsx';

/** The form's inputs (strings as typed). */
export interface PolicyFormState {
  code: string;
  name: string;
  abc: string[];
  xyz: string[];
  lifecycle: string[];
  skus: string;
  locations: string;
  kind: string;
  level: string;
  review: string;
  leadMode: string;
  leadDays: string;
  leadSd: string;
  multiple: string;
  days: number[];
  cover: string;
  maxValue: string;
  orderCost: string;
  holding: string;
  runBudget: string;
  shift: string;
  classes: Record<string, string>;
  auto: boolean;
  owner: string;
  rationale: string;
}

const text = (x: number | string | null | undefined) => (x === null || x === undefined ? '' : String(x));
const codes = (s: string) => [...new Set(s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean))];

/** The inputs showing version `v` (a new policy: the API's defaults, 95 % fill rate reviewed weekly). */
export function formStateOf(v: PolicyVersionApi | null, code = '', name = ''): PolicyFormState {
  const sel = v?.selector ?? {};
  return {
    code,
    name,
    abc: sel.abc ?? [],
    xyz: sel.xyz ?? [],
    lifecycle: sel.lifecycle ?? [],
    skus: (sel.skus ?? []).join(', '),
    locations: (sel.locations ?? []).join(', '),
    kind: v?.service_target.kind ?? 'fill-rate',
    level: v ? String(Math.round(v.service_target.level * 10000) / 100) : '95',
    review: v ? String(v.review_period_days) : '7',
    leadMode: v?.lead_time_mode ?? 'learned',
    leadDays: text(v?.lead_time_days),
    leadSd: text(v?.lead_time_sd_days),
    multiple: text(v?.order_multiple),
    days: v?.order_weekdays ?? [],
    cover: text(v?.max_cover_days),
    maxValue: text(v?.max_order_value),
    orderCost: text(v?.order_cost),
    holding: v ? String(Math.round(v.holding_rate * 10000) / 100) : '25',
    runBudget: text(v?.run_budget),
    shift: v ? String(v.safety_shift) : '0',
    classes: Object.fromEntries(DEMAND_CLASSES.map((c) => [c, v?.class_shifts?.[c] === undefined ? '' : String(v.class_shifts[c])])) as Record<string, string>,
    auto: v?.auto_calibrate ?? false,
    owner: v?.owner ?? '',
    rationale: '',
  };
}

/** The class-shift inputs as the API's object: blank or 0 = none; null when none is set. */
function classShiftsOf(inputs: Record<string, string>): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const c of DEMAND_CLASSES) {
    const v = (inputs[c] ?? '').trim();
    if (v !== '' && Number(v) !== 0) out[c] = Number(v);
  }
  return Object.keys(out).length ? out : null;
}

const orNull = (s: string) => (s.trim() === '' ? null : Number(s));

/**
 * Every version field of the inputs, as the API takes it. Numbers are passed as typed (the API
 * validates them and names the field); a blank optional field is null.
 */
export function versionFields(f: PolicyFormState): Record<string, unknown> {
  const selector: Record<string, string[]> = {};
  if (f.abc.length) selector.abc = [...f.abc].sort();
  if (f.xyz.length) selector.xyz = [...f.xyz].sort();
  if (f.lifecycle.length) selector.lifecycle = [...f.lifecycle].sort();
  if (codes(f.skus).length) selector.skus = codes(f.skus);
  if (codes(f.locations).length) selector.locations = codes(f.locations);
  const fixed = f.leadMode === 'fixed';
  return {
    selector,
    service_target: { kind: f.kind, level: Number(f.level) / 100 },
    review_period_days: Number(f.review),
    lead_time_mode: f.leadMode,
    lead_time_days: fixed ? orNull(f.leadDays) : null,
    lead_time_sd_days: fixed ? orNull(f.leadSd) : null,
    order_multiple: orNull(f.multiple),
    order_weekdays: f.days.length ? [...f.days].sort((a, b) => a - b) : null,
    max_cover_days: orNull(f.cover),
    max_order_value: f.maxValue.trim() === '' ? null : f.maxValue.trim(),
    order_cost: f.orderCost.trim() === '' ? null : f.orderCost.trim(),
    holding_rate: Number(f.holding) / 100,
    run_budget: f.runBudget.trim() === '' ? null : f.runBudget.trim(),
    safety_shift: Number(f.shift),
    class_shifts: classShiftsOf(f.classes),
    auto_calibrate: f.auto,
  };
}

/** A version's fields in the same shape as versionFields (to tell what a form changed). */
function fieldsOfVersion(v: PolicyVersionApi): Record<string, unknown> {
  const sel = v.selector ?? {};
  const selector: Record<string, string[]> = {};
  if (sel.abc?.length) selector.abc = [...sel.abc].sort();
  if (sel.xyz?.length) selector.xyz = [...sel.xyz].sort();
  if (sel.lifecycle?.length) selector.lifecycle = [...sel.lifecycle].sort();
  if (sel.skus?.length) selector.skus = sel.skus;
  if (sel.locations?.length) selector.locations = sel.locations;
  return {
    selector,
    service_target: { kind: v.service_target.kind, level: v.service_target.level },
    review_period_days: v.review_period_days,
    lead_time_mode: v.lead_time_mode,
    lead_time_days: v.lead_time_mode === 'fixed' ? v.lead_time_days : null,
    lead_time_sd_days: v.lead_time_mode === 'fixed' ? v.lead_time_sd_days : null,
    order_multiple: v.order_multiple,
    order_weekdays: v.order_weekdays,
    max_cover_days: v.max_cover_days,
    max_order_value: v.max_order_value,
    order_cost: v.order_cost,
    holding_rate: v.holding_rate,
    run_budget: v.run_budget ?? null,
    safety_shift: v.safety_shift,
    class_shifts: v.class_shifts ?? null,
    auto_calibrate: v.auto_calibrate,
  };
}

/** Equal as the API would store them (money and levels compared as numbers). */
function same(key: string, a: unknown, b: unknown): boolean {
  if (key === 'max_order_value' || key === 'order_cost' || key === 'run_budget') return (a === null ? null : Number(a)) === (b === null ? null : Number(b));
  if (key === 'holding_rate') return Math.abs(Number(a) - Number(b)) < 1e-9;
  if (key === 'service_target') {
    const x = a as { kind: string; level: number };
    const y = b as { kind: string; level: number };
    return x.kind === y.kind && Math.abs(x.level - y.level) < 1e-9;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields of the inputs that differ from version `from` (the body of a change). */
export function changedFields(from: PolicyVersionApi, f: PolicyFormState): Record<string, unknown> {
  const want = versionFields(f);
  const have = fieldsOfVersion(from);
  return Object.fromEntries(Object.entries(want).filter(([k, v]) => !same(k, v, have[k])));
}

/**
 * The form: `policy` given = change it (and retire or reactivate it); none = create one. `onSaved`
 * is called with the policy as saved.
 */
export function PolicyForm({ policy, onSaved, onCancel }: { policy?: PolicyApi; onSaved: (p: PolicyApi) => void; onCancel?: () => void }) {
  const v = policy?.current ?? null;
  const [form, setForm] = useState<PolicyFormState>(() => formStateOf(v, policy?.code ?? '', policy?.name ?? ''));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const versions = useApi(() => (policy ? get<{ items: PolicyVersionApi[] }>(`/policies/${encodeURIComponent(policy.code)}/versions`) : Promise.resolve({ items: [] })), [policy?.code, v?.version]);
  const changed = v ? changedFields(v, form) : {};
  const set = (k: keyof PolicyFormState) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const toggle = (k: 'abc' | 'xyz' | 'lifecycle', c: string) => (e: { target: { checked: boolean } }) => setForm({ ...form, [k]: e.target.checked ? [...form[k], c] : form[k].filter((x) => x !== c) });
  const accountable = form.owner.trim() !== '' && form.rationale.trim() !== '';
  const send = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const who = { owner: form.owner.trim(), rationale: form.rationale.trim() };
      const saved = policy
        ? await post<PolicyApi>(`/policies/${encodeURIComponent(policy.code)}/versions`, { ...who, ...body })
        : await post<PolicyApi>('/policies', { code: form.code.trim(), name: form.name.trim(), ...who, ...body });
      setForm({ ...form, rationale: '' });
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(policy ? changed : versionFields(form));
  };
  const canSave = accountable && !busy && (policy ? Object.keys(changed).length > 0 : form.code.trim() !== '' && form.name.trim() !== '');
  return (
    <div className="policy-form" data-testid={policy ? 'policy-form' : 'new-policy-form'}>
      <form onSubmit={submit} className="filters">
        <strong>{policy ? `Change ${policy.code}` : 'New policy'}</strong>
        {!policy && (
          <>
            <input type="text" value={form.code} onChange={set('code')} aria-label="code" placeholder="code, e.g. fba-a" style={{ width: '9em' }} />
            <input type="text" value={form.name} onChange={set('name')} aria-label="name" placeholder="name" style={{ width: '14em' }} />
          </>
        )}
        <span aria-label="applies to" title="Which SKU x locations the policy covers; nothing ticked or typed = everything. A policy naming SKUs wins over the others">
          applies to: ABC{' '}
          {['A', 'B', 'C'].map((c) => (
            <label key={c} className="small">
              <input type="checkbox" checked={form.abc.includes(c)} onChange={toggle('abc', c)} aria-label={`ABC ${c}`} />
              {c}{' '}
            </label>
          ))}
          <span style={{ marginLeft: 8 }}>XYZ</span>{' '}
          {['X', 'Y', 'Z'].map((c) => (
            <label key={c} className="small">
              <input type="checkbox" checked={form.xyz.includes(c)} onChange={toggle('xyz', c)} aria-label={`XYZ ${c}`} />
              {c}{' '}
            </label>
          ))}
          <span style={{ marginLeft: 8 }} title="Lifecycle stages: a policy naming them wins over ABC and XYZ ones (a run-down rule for slow and dead SKUs, a launch rule for new ones)">
            lifecycle
          </span>{' '}
          {LIFECYCLES.map((c) => (
            <label key={c} className="small">
              <input type="checkbox" checked={form.lifecycle.includes(c)} onChange={toggle('lifecycle', c)} aria-label={`lifecycle ${c}`} />
              {c}{' '}
            </label>
          ))}
        </span>
        <input type="text" value={form.skus} onChange={set('skus')} aria-label="SKUs" placeholder="SKUs (codes, comma-separated)" style={{ width: '14em' }} />
        <input type="text" value={form.locations} onChange={set('locations')} aria-label="locations" placeholder="locations (codes)" style={{ width: '10em' }} />
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
        <label>
          lead time{' '}
          <select value={form.leadMode} onChange={set('leadMode')} aria-label="lead time mode">
            <option value="learned">learned from receipts</option>
            <option value="supplier-default">supplier default</option>
            <option value="fixed">fixed</option>
          </select>
        </label>
        {form.leadMode === 'fixed' && (
          <>
            <input type="number" min={0} max={730} step={0.5} value={form.leadDays} onChange={set('leadDays')} aria-label="lead time days" placeholder="days" style={{ width: '5em' }} />
            <input type="number" min={0} max={365} step={0.5} value={form.leadSd} onChange={set('leadSd')} aria-label="lead time sd days" placeholder="± sd" style={{ width: '5em' }} />
          </>
        )}
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
        <label title="Order quantities are multiples of this (combined with the SKU's case pack)">
          multiple{' '}
          <input type="number" min={1} value={form.multiple} onChange={set('multiple')} aria-label="order multiple" placeholder="none" style={{ width: '5em' }} />
        </label>
        <label title="Exposure cap: the order-up-to level is at most this many days of forecast demand">
          max cover d{' '}
          <input type="number" min={1} max={3650} value={form.cover} onChange={set('cover')} aria-label="max cover days" placeholder="none" style={{ width: '5em' }} />
        </label>
        <label title="Exposure cap: one order line's value is at most this (currency units)">
          max line value{' '}
          <input type="text" inputMode="decimal" value={form.maxValue} onChange={set('maxValue')} aria-label="max order value" placeholder="none" style={{ width: '6em' }} />
        </label>
        <label title="Cost of placing one order line (currency units): the nightly lot becomes the economic order quantity of the line's forecast annual demand, unit cost and holding rate, instead of one review period's demand (not with order days); blank = review-period lots">
          order cost{' '}
          <input type="text" inputMode="decimal" value={form.orderCost} onChange={set('orderCost')} aria-label="order cost" placeholder="none" style={{ width: '5em' }} />
        </label>
        <label title="Holding cost per year as a share of the unit cost, for the economic lot">
          holding %/yr{' '}
          <input type="number" min={1} max={500} step={1} value={form.holding} onChange={set('holding')} aria-label="holding rate" style={{ width: '4.5em' }} />
        </label>
        <label title="Exposure cap: what this policy's lines may cost together in one plan run (currency units); the run cuts them by their expected sales per money; blank = none">
          run budget{' '}
          <input type="text" inputMode="decimal" value={form.runBudget} onChange={set('runBudget')} aria-label="run budget" placeholder="none" style={{ width: '6em' }} />
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
        <input type="text" value={form.owner} onChange={set('owner')} aria-label="owner" placeholder="owner (who answers for it)" style={{ width: '10em' }} />
        <input type="text" value={form.rationale} onChange={set('rationale')} aria-label="rationale" placeholder={`Rationale (required): why this ${policy ? 'change' : 'policy'}`} style={{ minWidth: '18em' }} />
        <button type="submit" className="primary" disabled={!canSave}>
          {policy ? `Save as version ${v!.version + 1}` : 'Create policy'}
        </button>
        {policy && (
          <button
            type="button"
            disabled={!accountable || busy}
            onClick={() => void send({ active: !v!.active })}
            title={v!.active ? 'A version with active: false; its SKU x locations fall to the next matching policy (the rationale says why)' : 'A version with active: true'}
          >
            {v!.active ? 'Retire' : 'Reactivate'}
          </button>
        )}
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </form>
      <ErrorBox error={error} />
      {policy && (
      <table className="data compact" data-testid="policy-versions">
        <thead>
          <tr>
            <th className="num">v</th>
            <th>Applies to</th>
            <th>Target</th>
            <th className="num">Review</th>
            <th>Order days</th>
            <th className="num">Max cover</th>
            <th>Lot</th>
            <th className="num" title="What the policy's lines may cost together in one plan run">Run budget</th>
            <th className="num">Shift</th>
            <th>Class shifts</th>
            <th>Auto</th>
            <th>Lead time</th>
            <th>Active</th>
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
              <td className="small">{selectorText(x.selector)}</td>
              <td>{`${pct(x.service_target.level)} ${x.service_target.kind}`}</td>
              <td className="num">{x.review_period_days}</td>
              <td>{orderDaysText(x.order_weekdays)}</td>
              <td className="num">{x.max_cover_days ?? '–'}</td>
              <td className="small">{lotText(x)}</td>
              <td className="num">{x.run_budget === null || x.run_budget === undefined ? '–' : money(x.run_budget)}</td>
              <td className="num">{num2(x.safety_shift)}</td>
              <td className="small">{classShiftsText(x.class_shifts) || '–'}</td>
              <td>{x.auto_calibrate ? 'yes' : 'no'}</td>
              <td className="small">{leadTimeText(x)}</td>
              <td>{x.active ? 'yes' : 'retired'}</td>
              <td>{x.owner}</td>
              <td>{x.created_by}</td>
              <td className="mono">{instant(x.created_at)}</td>
              <td className="small wrap">{x.rationale}</td>
            </tr>
          ))}
        </tbody>
      </table>
      )}
      <Loading loading={versions.loading} />
    </div>
  );
}
