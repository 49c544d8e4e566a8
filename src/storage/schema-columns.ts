import type { ColumnType } from 'kysely';

/** Column types of the Kysely schema (schema.ts, projection-schema.ts); see schema.ts for why they are wide. */

/** A 64-bit integer column: written as bigint, read back as bigint, number or decimal string. */
export type Int8Column = ColumnType<bigint | number | string, bigint, bigint>;
/** A small integer column (indexes, counters, versions, 0/1 flags). */
export type IntColumn = ColumnType<number | bigint | string, number, number>;
export type NullableIntColumn = ColumnType<
  number | bigint | string | null,
  number | null | undefined,
  number | null
>;
export type NullableInt8Column = ColumnType<
  bigint | number | string | null,
  bigint | null | undefined,
  bigint | null
>;
/** UTC timestamp: `timestamptz` on PostgreSQL, ISO-8601 text on SQLite; always written as ISO text. */
export type TimestampColumn = ColumnType<Date | string, string, string>;
