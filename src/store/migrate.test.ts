import { describe, expect, it } from 'vitest';
import { isForeignSchemaVanished } from './migrate.ts';

describe('isForeignSchemaVanished (retry when another schema vanishes under the introspection)', () => {
  const err = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('3F000 about another schema: retry; about ours: fail', () => {
    expect(isForeignSchemaVanished(err('3F000', 'schema "t_other" does not exist'), 't_mine')).toBe(true);
    expect(isForeignSchemaVanished(err('3F000', 'schema "t_mine" does not exist'), 't_mine')).toBe(false);
  });

  it('42P01 on a table qualified with another schema (seen in CI): retry; ours or unqualified: fail', () => {
    expect(isForeignSchemaVanished(err('42P01', 'relation "t_c9df8bd9df34.kysely_migration_lock" does not exist'), 't_mine')).toBe(true);
    expect(isForeignSchemaVanished(err('42P01', 'relation "t_mine.kysely_migration_lock" does not exist'), 't_mine')).toBe(false);
    expect(isForeignSchemaVanished(err('42P01', 'relation "skus" does not exist'), 't_mine')).toBe(false);
  });

  it('anything else fails at once', () => {
    expect(isForeignSchemaVanished(err('23505', 'duplicate key value'), 't_mine')).toBe(false);
    expect(isForeignSchemaVanished(new Error('boom'), 't_mine')).toBe(false);
  });
});
