import type { CreateTableBuilder, Kysely, Migration } from 'kysely';
import type { DialectName } from '../database';

/**
 * 0005: read models of the six contracts, kept by the ContractProjector (src/projections).
 * Ids and amounts (u128/U256, user-chosen u64) are decimal TEXT, addresses lowercase hex TEXT,
 * block numbers and chain timestamps BIGINT, flags 0/1 INTEGER. Every row carries the position of
 * the last event applied (`updated_block`, `updated_seq`). The same DDL on both dialects.
 * Never edit after merge; add a new migration instead.
 */
export function projections(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withUpdated(
        db.schema
          .createTable('queue_jobs')
          .addColumn('job_id', 'text', (c) => c.primaryKey())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('model_ref', 'text', (c) => c.notNull())
          .addColumn('data_ref', 'text', (c) => c.notNull())
          .addColumn('budget', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('assigned_provider', 'text')
          .addColumn('deadline', 'bigint', (c) => c.notNull())
          .addColumn('privacy_required', 'integer', (c) => c.notNull())
          .addColumn('result_hash', 'text')
          .addColumn('completed_by', 'text')
          .addColumn('cancel_count', 'integer', (c) => c.notNull())
          .addColumn('submitted_block', 'bigint'),
      ).execute();
      await db.schema
        .createIndex('queue_jobs_status_idx')
        .on('queue_jobs')
        .column('status')
        .execute();
      await db.schema
        .createIndex('queue_jobs_owner_idx')
        .on('queue_jobs')
        .column('owner')
        .execute();
      await db.schema
        .createIndex('queue_jobs_provider_idx')
        .on('queue_jobs')
        .column('assigned_provider')
        .execute();

      await withUpdated(
        db.schema
          .createTable('escrows')
          .addColumn('job_id', 'text', (c) => c.primaryKey())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('provider', 'text')
          .addColumn('amount', 'text', (c) => c.notNull())
          .addColumn('released', 'integer', (c) => c.notNull())
          .addColumn('refunded', 'integer', (c) => c.notNull())
          .addColumn('deposited_block', 'bigint'),
      ).execute();

      await withUpdated(
        db.schema
          .createTable('providers')
          .addColumn('provider', 'text', (c) => c.primaryKey())
          .addColumn('endpoint', 'text', (c) => c.notNull())
          .addColumn('compute_units', 'text', (c) => c.notNull())
          .addColumn('hourly_rate', 'text', (c) => c.notNull())
          .addColumn('registered_at', 'bigint', (c) => c.notNull())
          .addColumn('is_active', 'integer', (c) => c.notNull())
          .addColumn('stake', 'text', (c) => c.notNull())
          .addColumn('reputation_score', 'bigint', (c) => c.notNull())
          .addColumn('registered_block', 'bigint'),
      ).execute();

      await withUpdated(
        db.schema
          .createTable('data_nfts')
          .addColumn('token_id', 'text', (c) => c.primaryKey())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('data_uri', 'text', (c) => c.notNull())
          .addColumn('privacy_level', 'integer', (c) => c.notNull())
          .addColumn('minted_at', 'bigint', (c) => c.notNull())
          .addColumn('access_price', 'text', (c) => c.notNull())
          .addColumn('is_transferable', 'integer', (c) => c.notNull())
          .addColumn('approved', 'text')
          .addColumn('is_burned', 'integer', (c) => c.notNull())
          .addColumn('minted_block', 'bigint'),
      ).execute();

      await withUpdated(
        db.schema
          .createTable('nft_access_grants')
          .addColumn('token_id', 'text', (c) => c.notNull())
          .addColumn('grantee', 'text', (c) => c.notNull())
          .addColumn('is_granted', 'integer', (c) => c.notNull())
          .addColumn('last_payment', 'text', (c) => c.notNull())
          .addColumn('granted_block', 'bigint')
          .addColumn('revoked_block', 'bigint')
          .addPrimaryKeyConstraint('nft_access_grants_pk', ['token_id', 'grantee']),
      ).execute();

      await withUpdated(
        db.schema
          .createTable('confidential_jobs')
          .addColumn('cid', 'text', (c) => c.primaryKey())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('encrypted_payload', 'text', (c) => c.notNull())
          .addColumn('public_key', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('processed', 'integer', (c) => c.notNull())
          .addColumn('attestation_result_hash', 'text')
          .addColumn('attestation_proof', 'text')
          .addColumn('attestation_worker_pubkey', 'text')
          .addColumn('attestation_timestamp', 'bigint')
          .addColumn('attestation_count', 'integer', (c) => c.notNull())
          .addColumn('queue_job_id', 'text')
          .addColumn('submitted_block', 'bigint'),
      ).execute();
      await db.schema
        .createIndex('confidential_jobs_queue_job_idx')
        .on('confidential_jobs')
        .column('queue_job_id')
        .execute();

      await withUpdated(
        db.schema
          .createTable('mev_intents')
          .addColumn('intent_id', 'text', (c) => c.primaryKey())
          .addColumn('user_account', 'text', (c) => c.notNull())
          .addColumn('encrypted_intent', 'text', (c) => c.notNull())
          .addColumn('token_in', 'text', (c) => c.notNull())
          .addColumn('token_out', 'text', (c) => c.notNull())
          .addColumn('min_output', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('batch_id', 'text')
          .addColumn('submitted_block', 'bigint'),
      ).execute();
      await db.schema
        .createIndex('mev_intents_status_idx')
        .on('mev_intents')
        .column('status')
        .execute();
      await db.schema
        .createIndex('mev_intents_batch_idx')
        .on('mev_intents')
        .column('batch_id')
        .execute();

      await withUpdated(
        db.schema
          .createTable('mev_batches')
          .addColumn('batch_id', 'text', (c) => c.primaryKey())
          .addColumn('intent_ids', 'text', (c) => c.notNull())
          .addColumn('intent_count', 'bigint', (c) => c.notNull())
          .addColumn('total_volume', 'text', (c) => c.notNull())
          .addColumn('execution_route', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('executed_at', 'bigint')
          .addColumn('result_success', 'integer')
          .addColumn('result_total_input', 'text')
          .addColumn('result_total_output', 'text')
          .addColumn('result_execution_price', 'text')
          .addColumn('result_timestamp', 'bigint')
          .addColumn('execution_count', 'integer', (c) => c.notNull())
          .addColumn('created_block', 'bigint'),
      ).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [
        'mev_batches',
        'mev_intents',
        'confidential_jobs',
        'nft_access_grants',
        'data_nfts',
        'providers',
        'escrows',
        'queue_jobs',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

function withUpdated<T extends string, C extends string>(
  table: CreateTableBuilder<T, C>,
): CreateTableBuilder<T, C | 'updated_block' | 'updated_seq'> {
  return table
    .addColumn('updated_block', 'bigint', (c) => c.notNull())
    .addColumn('updated_seq', 'integer', (c) => c.notNull());
}
