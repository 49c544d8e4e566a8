import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database';

/**
 * 0007: named leases (one row per lease, e.g. the chain follower's) for several instances on one
 * database. Times are epoch milliseconds of the DATABASE clock (BIGINT on both dialects), so that
 * instances on hosts with skewed clocks agree on expiry. `token` is the fencing token: it grows on
 * every new tenure (another holder, or the same one after a lapse or a release).
 * Never edit after merge; add a new migration instead.
 */
export function leases(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('token', 'bigint', (c) => c.notNull())
        .addColumn('acquired_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('expires_at_ms', 'bigint', (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('leases').execute();
    },
  };
}
