import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database';

/**
 * 0004: the write-ahead record of the signed transaction of an outbox action (signer, nonce,
 * mortal-era window and the signed bytes), persisted BEFORE it is submitted so that recovery after a
 * crash can re-send the very same bytes or prove that they can never be included.
 * Never edit after merge; add a new migration instead.
 */
export function chainActionSignedTx(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
      await db.schema.alterTable('chain_actions').addColumn('signer_address', 'text').execute();
      await db.schema.alterTable('chain_actions').addColumn('tx_nonce', 'bigint').execute();
      await db.schema.alterTable('chain_actions').addColumn('tx_bytes', 'text').execute();
      await db.schema.alterTable('chain_actions').addColumn('era_birth', 'bigint').execute();
      await db.schema.alterTable('chain_actions').addColumn('era_death', 'bigint').execute();
      await db.schema.alterTable('chain_actions').addColumn('signed_at', 'text').execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const column of [
        'signed_at',
        'era_death',
        'era_birth',
        'tx_bytes',
        'tx_nonce',
        'signer_address',
      ]) {
        await db.schema.alterTable('chain_actions').dropColumn(column).execute();
      }
    },
  };
}
