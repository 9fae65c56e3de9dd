import { describe, expect, it } from 'vitest';
import { wantsDemo } from './serve.ts';

describe('serve: demo seeding default', () => {
  const sqlite = { dialect: 'sqlite' as const };
  const postgres = { dialect: 'postgres' as const };
  it('seeds an empty SQLite database by default, not an empty PostgreSQL one', () => {
    expect(wantsDemo(undefined, sqlite, {})).toBe(true);
    expect(wantsDemo(undefined, postgres, {})).toBe(false);
  });
  it('lets STOCKLOOP_DEMO decide when no flag is given', () => {
    expect(wantsDemo(undefined, postgres, { STOCKLOOP_DEMO: '1' })).toBe(true);
    expect(wantsDemo(undefined, sqlite, { STOCKLOOP_DEMO: '0' })).toBe(false);
  });
  it('lets the flag win over the environment', () => {
    expect(wantsDemo(true, postgres, { STOCKLOOP_DEMO: '0' })).toBe(true);
    expect(wantsDemo(false, sqlite, { STOCKLOOP_DEMO: '1' })).toBe(false);
  });
});
