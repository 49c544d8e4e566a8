import { CompiledQuery, type Kysely } from 'kysely';
import type { DialectName } from './database';
import { withoutNul } from './nul-free-strings-plugin';
import type { DatabaseSchema } from './schema';

/** Bound parameters one statement may hold: SQLite's SQLITE_MAX_VARIABLE_NUMBER, PostgreSQL's wire limit. */
const PARAMETER_LIMIT: Record<DialectName, number> = { sqlite: 32_766, postgres: 65_535 };
/** Rows per statement at most, whatever the parameter limit allows. */
const MAX_ROWS = 1024;

/**
 * A multi-row `INSERT … ON CONFLICT (…) DO NOTHING` into one table, written as SQL text directly
 * instead of through Kysely's query builder: on the follower's write path, building, transforming
 * (NulFreeStringsPlugin) and compiling a node tree of thousands of values per statement cost more
 * CPU than SQLite's own insert. The SQL text of each row count is built once and kept, so SQLite's
 * statement cache (statement-cache.ts) reuses the prepared statement. String parameters get the
 * same NUL → U+FFFD replacement as every other statement (nul-free-strings-plugin.ts).
 */
export class BulkInsert {
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly table: keyof DatabaseSchema,
    private readonly columns: readonly string[],
    private readonly conflictColumns: readonly string[],
  ) {}

  /**
   * Inserts `rows` (values in the order of `columns`) in as few statements as the dialect's
   * parameter limit allows and returns how many were new (conflicting rows are skipped). Not a
   * transaction by itself: run it inside one when all rows must land or none.
   */
  async execute(
    db: Kysely<DatabaseSchema>,
    dialect: DialectName,
    rows: readonly (readonly unknown[])[],
  ): Promise<number> {
    let inserted = 0;
    let offset = 0;
    for (const size of this.chunkSizes(dialect, rows.length)) {
      const parameters: unknown[] = [];
      for (let r = offset; r < offset + size; r++) {
        for (const value of rows[r]!) {
          parameters.push(withoutNul(value));
        }
      }
      offset += size;
      const result = await db.executeQuery(CompiledQuery.raw(this.text(dialect, size), parameters));
      inserted += Number(result.numAffectedRows ?? 0n);
    }
    return inserted;
  }

  /**
   * Statement sizes for `count` rows. On SQLite, where a statement costs no round trip but each
   * distinct text is prepared and cached, the sizes are powers of two (a few texts per table);
   * on PostgreSQL, where each statement is a round trip, full chunks and one remainder.
   */
  chunkSizes(dialect: DialectName, count: number): number[] {
    const max = this.maxRows(dialect);
    const sizes: number[] = [];
    let left = count;
    while (left > 0) {
      let size = Math.min(max, left);
      if (dialect === 'sqlite') {
        size = 2 ** Math.floor(Math.log2(size));
      }
      sizes.push(size);
      left -= size;
    }
    return sizes;
  }

  private text(dialect: DialectName, rowCount: number): string {
    const key = `${dialect}:${rowCount}`;
    let text = this.texts.get(key);
    if (text === undefined) {
      const width = this.columns.length;
      const placeholder = dialect === 'postgres' ? (i: number) => `$${i + 1}` : () => '?';
      const tuples = Array.from(
        { length: rowCount },
        (_, r) =>
          `(${Array.from({ length: width }, (_, c) => placeholder(r * width + c)).join(', ')})`,
      );
      text =
        `insert into ${quote(this.table)} (${this.columns.map(quote).join(', ')}) values ` +
        `${tuples.join(', ')} on conflict (${this.conflictColumns.map(quote).join(', ')}) do nothing`;
      this.texts.set(key, text);
    }
    return text;
  }

  private maxRows(dialect: DialectName): number {
    const byLimit = Math.floor(PARAMETER_LIMIT[dialect] / this.columns.length);
    return Math.min(MAX_ROWS, 2 ** Math.floor(Math.log2(byLimit)));
  }
}

function quote(identifier: string): string {
  return `"${identifier}"`;
}
