import BetterSqlite3 from 'better-sqlite3';
import { cachingStatements } from './statement-cache';

describe('cachingStatements', () => {
  let sqlite: BetterSqlite3.Database;

  beforeEach(() => {
    sqlite = new BetterSqlite3(':memory:');
    sqlite.exec('create table t (id integer primary key, name text)');
  });

  afterEach(() => {
    if (sqlite.open) {
      sqlite.close();
    }
  });

  it('hands back the same prepared statement for the same SQL text', () => {
    const db = cachingStatements(sqlite);
    const first = db.prepare('select * from t where id = ?');
    expect(db.prepare('select * from t where id = ?')).toBe(first);
    expect(db.prepare('select name from t where id = ?')).not.toBe(first);
  });

  it('gives a reused statement the current rows and parameters', () => {
    const db = cachingStatements(sqlite);
    db.prepare('insert into t (id, name) values (?, ?)').run([1, 'a']);
    db.prepare('insert into t (id, name) values (?, ?)').run([2, 'b']);
    expect(db.prepare('select name from t where id = ?').all([1])).toEqual([{ name: 'a' }]);
    expect(db.prepare('select name from t where id = ?').all([2])).toEqual([{ name: 'b' }]);
  });

  it('drops the least recently used statement beyond its size', () => {
    const db = cachingStatements(sqlite, 2);
    const a = db.prepare('select 1');
    const b = db.prepare('select 2');
    expect(db.prepare('select 1')).toBe(a);
    db.prepare('select 3');
    expect(db.prepare('select 1')).toBe(a);
    expect(db.prepare('select 2')).not.toBe(b);
  });

  it('still works after a migration changed the table under a kept statement', () => {
    const db = cachingStatements(sqlite);
    db.prepare('insert into t (id, name) values (?, ?)').run([1, 'a']);
    expect(db.prepare('select * from t').all([])).toEqual([{ id: 1, name: 'a' }]);
    sqlite.exec("alter table t add column note text not null default 'n'");
    expect(db.prepare('select * from t').all([])).toEqual([{ id: 1, name: 'a', note: 'n' }]);
  });

  it('closes the database', () => {
    const db = cachingStatements(sqlite);
    db.prepare('select 1');
    db.close();
    expect(sqlite.open).toBe(false);
  });
});
