/** Sign-in: paste an API token; it is checked against the API, then kept in localStorage. */
import { useState, type FormEvent } from 'react';
import { request, setToken } from '../api.ts';
import { ErrorBox } from '../components/ui.tsx';

export function SignInPage() {
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const token = value.trim();
    if (!token) return;
    setBusy(true);
    setError(null);
    try {
      await request('GET', '/locations', { query: { limit: 1 }, token }); // any authenticated read
      setToken(token);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="signin">
      <form className="panel signin-box" onSubmit={submit}>
        <h1>stockloop</h1>
        <p className="muted">Stock, demand and replenishment in one loop.</p>
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="slk_…"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          autoFocus
        />
        <button type="submit" className="primary" disabled={busy || !value.trim()}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        <ErrorBox error={error} />
        <div className="hint">
          <p>
            On its first start, <code>stockloop serve</code> (<code>npm start</code>) prints an admin token and saves it to{' '}
            <code>./data/admin-token.txt</code> in the directory it was started from (<code>--admin-token-file</code> changes that).
          </p>
          <p>
            Better: create a token of your own, e.g. <code>npx stockloop token create --role planner --name alice</code>. Viewers can
            read everything; planners can also run plans and create purchase orders.
          </p>
          <p className="muted">The token is kept in this browser's local storage until you sign out.</p>
        </div>
      </form>
    </div>
  );
}
