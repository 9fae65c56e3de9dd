/**
 * The app shell: sign-in gate, top navigation and the page for the current path.
 *
 *   /                      dashboard
 *   /stock, /stock/:sku    balances; one SKU
 *   /ledger                movements
 *   /replenishment         latest plan run's suggestions
 *   /purchasing, /purchasing/:number
 *   /counts                count sessions and record accuracy
 *   /policies              replenishment policies, their review and calibration
 */
import { useEffect, useState } from 'react';
import { get, getToken, onTokenChange, setToken } from './api.ts';
import { Link, useLocation } from './router.tsx';
import type { Health } from './types.ts';
import { CountDetailPage } from './pages/count-detail.tsx';
import { CountsPage } from './pages/counts.tsx';
import { DashboardPage } from './pages/dashboard.tsx';
import { LedgerPage } from './pages/ledger.tsx';
import { PoDetailPage } from './pages/po-detail.tsx';
import { PoliciesPage } from './pages/policies.tsx';
import { PurchasingPage } from './pages/purchasing.tsx';
import { ReplenishmentPage } from './pages/replenishment.tsx';
import { SetupPage } from './pages/setup.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { SkuDetailPage } from './pages/sku-detail.tsx';
import { StockPage } from './pages/stock.tsx';
import { TransferDetailPage, TransfersPage } from './pages/transfers.tsx';

const NAV = [
  ['/', 'Dashboard'],
  ['/stock', 'Stock'],
  ['/ledger', 'Ledger'],
  ['/replenishment', 'Replenishment'],
  ['/purchasing', 'Purchasing'],
  ['/transfers', 'Transfers'],
  ['/counts', 'Counts'],
  ['/policies', 'Policies'],
  ['/setup', 'Setup'],
] as const;

function Page({ path }: { path: string }) {
  const seg = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (seg[0]) {
    case undefined:
      return <DashboardPage />;
    case 'stock':
      return seg[1] ? <SkuDetailPage code={seg[1]} /> : <StockPage />;
    case 'ledger':
      return <LedgerPage />;
    case 'replenishment':
      return <ReplenishmentPage />;
    case 'purchasing':
      return seg[1] ? <PoDetailPage number={seg[1]} /> : <PurchasingPage />;
    case 'transfers':
      return seg[1] ? <TransferDetailPage number={seg[1]} /> : <TransfersPage />;
    case 'counts':
      return seg[1] ? <CountDetailPage number={seg[1]} /> : <CountsPage />;
    case 'policies':
      return <PoliciesPage />;
    case 'setup':
      return <SetupPage />;
    default:
      return (
        <div className="panel">
          <h1>Not found</h1>
          <p>
            There is no page at <code>{path}</code>. <Link to="/">Back to the dashboard</Link>.
          </p>
        </div>
      );
  }
}

/** The whole app. */
export function App() {
  const [token, setTok] = useState(getToken);
  const { path } = useLocation();
  const [health, setHealth] = useState<Health | null>(null);
  useEffect(() => onTokenChange(setTok), []);
  useEffect(() => {
    get<Health>('/health').then(setHealth, () => setHealth(null));
  }, []);
  useEffect(() => {
    const first = `/${path.split('/')[1] ?? ''}`;
    const section = token ? NAV.find(([to]) => to === first)?.[1] : 'Sign in';
    document.title = section ? `${section} · stockloop` : 'stockloop';
  }, [path, token]);
  if (!token) return <SignInPage />;
  const active = (to: string) => (to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`));
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="brand">
          stockloop
        </Link>
        <nav>
          {NAV.map(([to, name]) => (
            <Link key={to} to={to} className={active(to) ? 'active' : undefined}>
              {name}
            </Link>
          ))}
        </nav>
        <div className="topbar-right">
          {health && <span className="muted small">{`v${health.version} · ${health.database}`}</span>}
          <a href="/docs" className="small">
            API docs
          </a>
          <button type="button" className="link-button" onClick={() => setToken(null)}>
            Sign out
          </button>
        </div>
      </header>
      <main>
        <Page path={path} />
      </main>
    </div>
  );
}
