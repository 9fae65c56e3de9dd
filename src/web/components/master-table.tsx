/**
 * A master-data table whose rows a planner edits in place: each row shows its fields, "Edit" turns
 * it into inputs, "Save" sends only the fields that changed (PATCH `path/CODE`) and shows the
 * saved row, or the API's error naming the field. With a `blank` row, "New" adds a row of inputs
 * under the table: a code and the fields, of which those differing from the blank (the API's
 * defaults) are POSTed to `path`. Used by the Setup page for suppliers and locations; the API
 * validates every value (the browser only parses numbers and empty = none).
 */
import { useState, type ReactNode } from 'react';
import { request } from '../api.ts';
import { useAction } from '../hooks.ts';
import { ErrorBox } from './ui.tsx';

/** One editable (or shown) field of a row. */
export interface FieldSpec<T> {
  key: keyof T & string;
  label: string;
  /** text, a number, a money amount (a decimal string), a yes/no, one of `options`, or a list of texts (typed comma-separated). */
  kind: 'text' | 'number' | 'money' | 'bool' | 'select' | 'list';
  /** An empty input saves null (none) instead of being refused. */
  nullable?: boolean;
  options?: readonly string[];
  /** How the value reads in the table (default: as it is, '–' for null). */
  show?: (v: T[keyof T], row: T) => ReactNode;
  /** Right-aligned (numbers). */
  num?: boolean;
  /** Shown, never edited. */
  readOnly?: boolean;
  /** The input's tooltip: what the field does. */
  help?: string;
}

/** A record's fields as typed in its inputs. */
export type Draft = Record<string, string | boolean>;

/** The inputs showing `row`'s fields. */
export function toDraft<T>(row: T, fields: readonly FieldSpec<T>[]): Draft {
  const d: Draft = {};
  for (const f of fields) {
    const v = row[f.key] as unknown;
    d[f.key] = f.kind === 'bool' ? Boolean(v) : f.kind === 'list' && Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '' : String(v);
  }
  return d;
}

/**
 * The PATCH body: the fields whose input differs from the row, parsed (numbers as numbers, an
 * empty nullable field as null). A number that does not parse is refused here, naming its label.
 */
export function changedFields<T>(row: T, fields: readonly FieldSpec<T>[], d: Draft): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.readOnly) continue;
    const before = row[f.key] as unknown;
    const raw = d[f.key];
    let v: unknown;
    if (f.kind === 'bool') v = raw === true;
    else if (f.kind === 'list')
      v = String(raw)
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
    else {
      const s = String(raw).trim();
      if (s === '') {
        if (!f.nullable && f.kind !== 'text') throw new Error(`${f.label}: a value is required`);
        v = f.nullable ? null : s;
      } else if (f.kind === 'number') {
        v = Number(s);
        if (!Number.isFinite(v as number)) throw new Error(`${f.label}: "${s}" is not a number`);
      } else v = s;
    }
    if (!sameValue(f.kind, before, v)) body[f.key] = v;
  }
  return body;
}

/**
 * The POST body of a new row: its code and the fields whose input differs from `blank` (the API's
 * defaults), parsed as changedFields does. An empty code is refused here.
 */
export function createBody<T>(code: string, blank: T, fields: readonly FieldSpec<T>[], d: Draft): Record<string, unknown> {
  const c = code.trim();
  if (!c) throw new Error('Code: a value is required');
  return { code: c, ...changedFields(blank, fields, d) };
}

/** One field's input: a checkbox, a select or a text box, by its kind. */
export function FieldInput<T>({ f, draft, setDraft }: { f: FieldSpec<T>; draft: Draft; setDraft: (d: Draft) => void }) {
  if (f.kind === 'bool') return <input type="checkbox" aria-label={f.label} checked={draft[f.key] === true} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.checked })} />;
  if (f.kind === 'select')
    return (
      <select aria-label={f.label} title={f.help} value={String(draft[f.key])} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}>
        {f.nullable && <option value="">none</option>}
        {(f.options ?? []).map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    );
  return (
    <input
      type="text"
      aria-label={f.label}
      title={f.help}
      placeholder={f.nullable ? 'none' : undefined}
      size={f.kind === 'text' ? 16 : 8}
      value={String(draft[f.key])}
      onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
    />
  );
}

/** A field's input equals what the row holds ("12.50" = "12.5" for money, 7 = 7.0 for numbers). */
function sameValue(kind: FieldSpec<unknown>['kind'], before: unknown, after: unknown): boolean {
  if (kind === 'list') return JSON.stringify(before ?? []) === JSON.stringify(after);
  if (before === null || before === undefined || after === null) return (before ?? null) === after;
  if (kind === 'number' || kind === 'money') return Number(before) === Number(after);
  return before === after;
}

export function MasterTable<T extends { code: string }>({
  path,
  rows,
  fields,
  testId,
  onSaved,
  blank,
  onCreated,
}: {
  path: string;
  rows: T[];
  fields: readonly FieldSpec<T>[];
  testId: string;
  onSaved: (row: T) => void;
  /** A new row's defaults (the API's): with it and onCreated, rows can be added. */
  blank?: T;
  onCreated?: (row: T) => void;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState<{ code: string; draft: Draft } | null>(null);
  const [draft, setDraft] = useState<Draft>({});
  const { busy, error, setError, run } = useAction();
  const [saved, setSaved] = useState<string | null>(null);
  const start = (row: T) => {
    setEditing(row.code);
    setDraft(toDraft(row, fields));
    setError(null);
    setSaved(null);
  };
  const save = (row: T) =>
    run(async () => {
      const body = changedFields(row, fields, draft);
      if (Object.keys(body).length > 0) {
        onSaved(await request<T>('PATCH', `${path}/${encodeURIComponent(row.code)}`, { body }));
        setSaved(`${row.code}: saved ${Object.keys(body).join(', ')}`);
      }
      setEditing(null);
    });
  const add = () =>
    run(async () => {
      if (!adding || !blank || !onCreated) return;
      const body = createBody(adding.code, blank, fields, adding.draft);
      const created = await request<T>('POST', path, { body });
      onCreated(created);
      setSaved(`${created.code}: created`);
      setAdding(null);
    });
  const shown = (f: FieldSpec<T>, row: T) => {
    const v = row[f.key];
    if (f.show) return f.show(v, row);
    if (f.kind === 'bool') return v ? 'yes' : 'no';
    return v === null || v === undefined || v === '' ? '–' : String(v);
  };
  return (
    <>
      <ErrorBox error={error} title="Not saved" />
      {saved && (
        <div className="notice" data-testid={`${testId}-saved`}>
          {saved}.
        </div>
      )}
      <table className="data compact" data-testid={testId}>
        <thead>
          <tr>
            <th>Code</th>
            {fields.map((f) => (
              <th key={f.key} className={f.num ? 'num' : undefined} title={f.help}>
                {f.label}
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) =>
            editing === row.code ? (
              <tr key={row.code} data-testid={`${testId}-editing`}>
                <td className="mono">{row.code}</td>
                {fields.map((f) => (
                  <td key={f.key} className={f.num ? 'num' : undefined}>
                    {f.readOnly ? shown(f, row) : <FieldInput f={f} draft={draft} setDraft={setDraft} />}
                  </td>
                ))}
                <td className="actions">
                  <button className="primary" disabled={busy} onClick={() => save(row)} data-testid={`${testId}-save`}>
                    Save
                  </button>
                  <button
                    disabled={busy}
                    onClick={() => {
                      setEditing(null);
                      setError(null);
                    }}
                  >
                    Cancel
                  </button>
                </td>
              </tr>
            ) : (
              <tr key={row.code}>
                <td className="mono">{row.code}</td>
                {fields.map((f) => (
                  <td key={f.key} className={f.num ? 'num' : undefined}>
                    {shown(f, row)}
                  </td>
                ))}
                <td>
                  <button className="link-button" onClick={() => start(row)} data-testid={`${testId}-edit`}>
                    Edit
                  </button>
                </td>
              </tr>
            ),
          )}
          {adding && blank && (
            <tr data-testid={`${testId}-new`}>
              <td>
                <input type="text" aria-label="Code" size={12} placeholder="code" value={adding.code} onChange={(e) => setAdding({ ...adding, code: e.target.value })} />
              </td>
              {fields.map((f) => (
                <td key={f.key} className={f.num ? 'num' : undefined}>
                  {f.readOnly ? '' : <FieldInput f={f} draft={adding.draft} setDraft={(d) => setAdding({ ...adding, draft: d })} />}
                </td>
              ))}
              <td className="actions">
                <button className="primary" disabled={busy} onClick={add} data-testid={`${testId}-create`}>
                  Create
                </button>
                <button
                  disabled={busy}
                  onClick={() => {
                    setAdding(null);
                    setError(null);
                  }}
                >
                  Cancel
                </button>
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {blank && onCreated && !adding && (
        <div className="filters">
          <button
            type="button"
            onClick={() => {
              setAdding({ code: '', draft: toDraft(blank, fields) });
              setError(null);
              setSaved(null);
            }}
            data-testid={`${testId}-add`}
          >
            New
          </button>
        </div>
      )}
    </>
  );
}
