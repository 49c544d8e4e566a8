import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database';

/**
 * 0008: the service's own provider profile settings (src/providers): the operator's overrides of
 * PROVIDER_* (null = use the config) and the key of the last registry action enqueued. One row per
 * worker H160. The rate is decimal TEXT (u128). Never edit after merge; add a new migration instead.
 */
export function providerSettings(dialect: DialectName): Migration {
  const timestamp = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('provider_settings')
        .addColumn('provider', 'text', (c) => c.primaryKey())
        .addColumn('endpoint', 'text')
        .addColumn('hourly_rate', 'text')
        .addColumn('active', 'integer')
        .addColumn('last_action_key', 'text')
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('provider_settings').execute();
    },
  };
}
