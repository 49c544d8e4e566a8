import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database';

/**
 * 0003: the outbox of on-chain actions driven by the transaction manager.
 * `status` has no CHECK on purpose: SQLite cannot alter a CHECK without rebuilding the table, and the
 * repository validates it on read. Never edit after merge; add a new migration instead.
 */
export function chainActions(dialect: DialectName): Migration {
  const timestamp = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('chain_actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('contract', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('args', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('signer_role', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('tx_hash', 'text')
        .addColumn('included_block_number', 'bigint')
        .addColumn('included_block_hash', 'text')
        .addColumn('finalized_block_hash', 'text')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addColumn('next_attempt_at', timestamp, (c) => c.notNull())
        .addUniqueConstraint('chain_actions_idempotency_key_unique', ['idempotency_key'])
        .addCheckConstraint('chain_actions_attempts_non_negative', sql`attempts >= 0`)
        .execute();

      await db.schema
        .createIndex('chain_actions_due_idx')
        .on('chain_actions')
        .columns(['status', 'next_attempt_at'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('chain_actions').execute();
    },
  };
}
