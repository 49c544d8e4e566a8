import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database';

/**
 * 0006: the job engine's work ledger (one row per queue job we were assigned) and its timeline.
 * Queue job ids and budgets are decimal TEXT; JSON columns are TEXT. Never edit after merge.
 */
export function jobWork(dialect: DialectName): Migration {
  const timestamp = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('job_work')
        .addColumn('queue_job_id', 'text', (c) => c.primaryKey())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('model_ref', 'text', (c) => c.notNull())
        .addColumn('data_ref', 'text', (c) => c.notNull())
        .addColumn('budget', 'text', (c) => c.notNull())
        .addColumn('deadline_block', 'bigint', (c) => c.notNull())
        .addColumn('privacy_required', 'integer', (c) => c.notNull())
        .addColumn('confidential_id', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', timestamp, (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('input_digest', 'text')
        .addColumn('result', 'text')
        .addColumn('attestation', 'text')
        .addColumn('settlement', 'text', (c) => c.notNull())
        .addColumn('settlement_reason', 'text')
        .addColumn('follow_up_done', 'integer', (c) => c.notNull())
        .addColumn('discovered_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addColumn('finished_at', timestamp)
        .execute();
      await db.schema
        .createIndex('job_work_due_idx')
        .on('job_work')
        .columns(['state', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('job_work_follow_up_idx')
        .on('job_work')
        .columns(['follow_up_done', 'queue_job_id'])
        .execute();
      await db.schema
        .createTable('job_work_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('queue_job_id', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('at', timestamp, (c) => c.notNull())
        .addColumn('detail', 'text')
        .execute();
      await db.schema
        .createIndex('job_work_events_job_idx')
        .on('job_work_events')
        .columns(['queue_job_id', 'at'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('job_work_events').execute();
      await db.schema.dropTable('job_work').execute();
    },
  };
}
