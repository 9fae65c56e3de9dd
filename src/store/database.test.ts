import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cachingSqliteDatabase } from './database.ts';

describe('cachingSqliteDatabase (prepared-statement cache for Kysely)', () => {
  const raw = new SqliteDatabase(':memory:');
  const db = cachingSqliteDatabase(raw);
  afterEach(() => raw.exec('drop table if exists t'));

  it('returns the same statement for the same SQL text, a different one for other text', () => {
    const a = db.prepare('select 1 as x');
    expect(db.prepare('select 1 as x')).toBe(a);
    expect(db.prepare('select 2 as x')).not.toBe(a);
    expect(a.all([])).toEqual([{ x: 1 }]);
  });

  it('bypasses a cached statement that is still iterating', () => {
    raw.exec('create table t (v integer); insert into t values (1), (2), (3)');
    const s = db.prepare('select v from t order by v');
    const it1 = s.iterate([]);
    expect(it1.next().value).toEqual({ v: 1 });
    const other = db.prepare('select v from t order by v');
    expect(other).not.toBe(s);
    expect(other.all([])).toEqual([{ v: 1 }, { v: 2 }, { v: 3 }]);
    expect([...it1]).toEqual([{ v: 2 }, { v: 3 }]);
    expect(db.prepare('select v from t order by v')).toBe(s);
  });

  it('sees schema changes through a cached statement', () => {
    raw.exec('create table t (v integer); insert into t values (7)');
    const s = db.prepare('select * from t');
    expect(s.all([])).toEqual([{ v: 7 }]);
    raw.exec('drop table t; create table t (v integer, w text); insert into t values (8, \'x\')');
    expect(db.prepare('select * from t').all([])).toEqual([{ v: 8, w: 'x' }]);
  });
});
