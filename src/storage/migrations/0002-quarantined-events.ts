import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database';

/**
 * 0002: events of our contracts that could not be decoded, kept with the reason and the raw bytes.
 * Never edit after merge; add a new migration instead.
 */
export function quarantinedEvents(dialect: DialectName): Migration {
  const timestamp = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('quarantined_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('is_final', 'integer', (c) => c.notNull())
        .addColumn('block_number', 'bigint', (c) => c.notNull())
        .addColumn('block_hash', 'text', (c) => c.notNull())
        .addColumn('event_index', 'integer', (c) => c.notNull())
        .addColumn('extrinsic_index', 'integer')
        .addColumn('pallet', 'text', (c) => c.notNull())
        .addColumn('contract_address', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('topics', 'text', (c) => c.notNull())
        .addColumn('data_hex', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addUniqueConstraint('quarantined_events_block_event_unique', ['block_hash', 'event_index'])
        .addCheckConstraint('quarantined_events_is_final_flag', sql`is_final in (0, 1)`)
        .execute();

      await db.schema
        .createIndex('quarantined_events_position_idx')
        .on('quarantined_events')
        .columns(['block_number', 'block_hash', 'event_index'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('quarantined_events').execute();
    },
  };
}
