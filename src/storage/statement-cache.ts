import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept prepared; the queries this service builds number a few hundred. */
export const DEFAULT_STATEMENT_CACHE_SIZE = 500;

interface PreparingDatabase {
  close(): void;
  prepare(sql: string): SqliteStatement;
}

/**
 * Kysely's SQLite driver prepares every query anew (better-sqlite3 `prepare` on each call), which
 * was the largest single cost of a GET /jobs/:id. This keeps the prepared statements by SQL text,
 * least recently used out first. Sharing one statement is safe: Kysely's driver runs one query at
 * a time on the connection, `all`/`run` finish the statement before returning, and SQLite
 * re-prepares a statement by itself when a migration changed the schema under it.
 */
export function cachingStatements(
  database: PreparingDatabase,
  maxStatements = DEFAULT_STATEMENT_CACHE_SIZE,
): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      const cached = statements.get(sql);
      if (cached !== undefined) {
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > maxStatements) {
        statements.delete(statements.keys().next().value!);
      }
      return statement;
    },
    close(): void {
      statements.clear();
      database.close();
    },
  };
}
