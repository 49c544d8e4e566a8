import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database';

/**
 * 0009: indexes in the order the listings page by, (length(id), id) (decimal ids sorted as
 * numbers), for queue jobs and MEV intents. Without them every page of GET /jobs scanned and
 * sorted the whole table (150-180 ms a page at 100,000 jobs). Never edit after merge.
 */
export function idOrderIndexes(dialect: DialectName): Migration {
  // PostgreSQL wants an expression in an index column list in parentheses; SQLite takes both
  const lengthOf = (column: string) =>
    dialect === 'postgres' ? `(length(${column}))` : `length(${column})`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql
        .raw(`create index queue_jobs_id_order_idx on queue_jobs (${lengthOf('job_id')}, job_id)`)
        .execute(db);
      await sql
        .raw(
          `create index mev_intents_id_order_idx on mev_intents (${lengthOf('intent_id')}, intent_id)`,
        )
        .execute(db);
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('mev_intents_id_order_idx').execute();
      await db.schema.dropIndex('queue_jobs_id_order_idx').execute();
    },
  };
}
