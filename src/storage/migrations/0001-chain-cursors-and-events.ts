import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database';

/**
 * 0001: the follower's cursor lanes and the contract events it stores.
 * Dialects differ only in the timestamp type (timestamptz vs ISO-8601 text).
 * Never edit after merge; add a new migration instead.
 */
export function chainCursorsAndEvents(dialect: DialectName): Migration {
  const timestamp = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('chain_cursors')
        .addColumn('lane', 'text', (c) => c.primaryKey())
        .addColumn('block_number', 'bigint', (c) => c.notNull())
        .addColumn('block_hash', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addCheckConstraint('chain_cursors_version_positive', sql`version > 0`)
        .execute();

      await db.schema
        .createTable('chain_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('is_final', 'integer', (c) => c.notNull())
        .addColumn('block_number', 'bigint', (c) => c.notNull())
        .addColumn('block_hash', 'text', (c) => c.notNull())
        .addColumn('event_index', 'integer', (c) => c.notNull())
        .addColumn('extrinsic_index', 'integer')
        .addColumn('pallet', 'text', (c) => c.notNull())
        .addColumn('contract', 'text', (c) => c.notNull())
        .addColumn('contract_address', 'text', (c) => c.notNull())
        .addColumn('event_name', 'text', (c) => c.notNull())
        .addColumn('topics', 'text', (c) => c.notNull())
        .addColumn('data_hex', 'text', (c) => c.notNull())
        .addColumn('decoded', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addUniqueConstraint('chain_events_block_event_unique', ['block_hash', 'event_index'])
        .addCheckConstraint('chain_events_is_final_flag', sql`is_final in (0, 1)`)
        .addCheckConstraint('chain_events_pallet_known', sql`pallet in ('revive', 'contracts')`)
        .execute();

      await db.schema
        .createIndex('chain_events_position_idx')
        .on('chain_events')
        .columns(['block_number', 'block_hash', 'event_index'])
        .execute();
      await db.schema
        .createIndex('chain_events_contract_event_idx')
        .on('chain_events')
        .columns(['contract', 'event_name', 'block_number'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('chain_events').execute();
      await db.schema.dropTable('chain_cursors').execute();
    },
  };
}
