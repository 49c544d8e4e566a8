import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from './database';
import type { BucketCounts } from '../observability';

/** Milliseconds from `from` to `to`, two timestamp columns (timestamptz on PostgreSQL, ISO text on SQLite). */
export function elapsedMs(
  dialect: DialectName,
  from: RawBuilder<unknown>,
  to: RawBuilder<unknown>,
): RawBuilder<number> {
  return dialect === 'postgres'
    ? sql<number>`(extract(epoch from (${to} - ${from})) * 1000.0)`
    : sql<number>`((unixepoch(${to}, 'subsec') - unixepoch(${from}, 'subsec')) * 1000.0)`;
}

/** An ISO-8601 text column as a timestamp comparable with timestamp columns. */
export function textTimestamp(
  dialect: DialectName,
  column: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return dialect === 'postgres' ? sql`cast(${column} as timestamptz)` : column;
}

/** The index of the first bound ≥ value (bounds ascending), or bounds.length (+Inf). */
export function bucketIndex(
  value: RawBuilder<number>,
  bounds: readonly number[],
): RawBuilder<number> {
  checkBounds(bounds);
  if (bounds.length === 0) {
    return sql<number>`0`;
  }
  const cases = bounds.map(
    (bound, i) => sql`when ${value} <= ${sql.lit(bound)} then ${sql.lit(i)}`,
  );
  return sql<number>`(case ${sql.join(cases, sql` `)} else ${sql.lit(bounds.length)} end)`;
}

export interface BucketRow {
  readonly bucket: number | string | bigint;
  readonly n: number | string | bigint;
  readonly total: number | string | null;
}

/** Rows of `GROUP BY bucket` (count and sum per bucket) as BucketCounts. */
export function toBucketCounts(
  rows: readonly BucketRow[],
  bounds: readonly number[],
): BucketCounts {
  const counts: number[] = new Array<number>(bounds.length + 1).fill(0);
  let sum = 0;
  let count = 0;
  for (const row of rows) {
    const index = Number(row.bucket);
    const n = Number(row.n);
    counts[index] = (counts[index] ?? 0) + n;
    count += n;
    sum += row.total === null ? 0 : Number(row.total);
  }
  return { counts, sum, count };
}

function checkBounds(bounds: readonly number[]): void {
  bounds.forEach((bound, i) => {
    if (!Number.isFinite(bound) || (i > 0 && bound <= (bounds[i - 1] ?? -Infinity))) {
      throw new RangeError('histogram bounds must be finite and strictly ascending');
    }
  });
}
