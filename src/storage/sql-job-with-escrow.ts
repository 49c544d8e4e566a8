import type { CompiledQuery, Kysely } from 'kysely';
import type { ProjectedJobWithEscrow } from '../projections';
import type { DatabaseSchema } from './schema';
import { escrowFromRow, jobFromRow } from './sql-projection-rows';
import { toDecimal } from './sql-values';

/** Stands for the job id when the statement is compiled; every read binds the real one. */
const ID_SLOT = '0';

function compileJobWithEscrow(db: Kysely<DatabaseSchema>) {
  return db
    .selectFrom('queue_jobs')
    .leftJoin('escrows', 'escrows.job_id', 'queue_jobs.job_id')
    .selectAll('queue_jobs')
    .select([
      'escrows.job_id as escrow_job_id',
      'escrows.owner as escrow_owner',
      'escrows.provider as escrow_provider',
      'escrows.amount as escrow_amount',
      'escrows.released as escrow_released',
      'escrows.refunded as escrow_refunded',
      'escrows.deposited_block as escrow_deposited_block',
      'escrows.updated_block as escrow_updated_block',
      'escrows.updated_seq as escrow_updated_seq',
    ])
    .where('queue_jobs.job_id', '=', ID_SLOT)
    .compile();
}

type JobWithEscrowQuery = ReturnType<typeof compileJobWithEscrow>;
type JobWithEscrowRow = JobWithEscrowQuery extends CompiledQuery<infer R> ? R : never;

/**
 * A job and its escrow in one statement, built and compiled by Kysely once and then only run with
 * each id (ADR 0022): GET /jobs/:id read them in two queries, each built and compiled anew, which
 * was most of its database time.
 */
export class JobWithEscrowRead {
  private readonly query: JobWithEscrowQuery;

  constructor(private readonly db: Kysely<DatabaseSchema>) {
    this.query = compileJobWithEscrow(db);
    if (this.query.parameters.length !== 1) {
      throw new Error(`expected one parameter, the job id: ${this.query.sql}`);
    }
  }

  async read(jobId: bigint): Promise<ProjectedJobWithEscrow | null> {
    const { rows } = await this.db.executeQuery<JobWithEscrowRow>({
      ...this.query,
      parameters: [toDecimal(jobId, 'job_id')],
    });
    const row = rows[0];
    return row === undefined ? null : { job: jobFromRow(row), escrow: escrowOf(row) };
  }
}

function escrowOf(row: JobWithEscrowRow): ProjectedJobWithEscrow['escrow'] {
  if (row.escrow_job_id === null) {
    return null;
  }
  return escrowFromRow({
    job_id: row.escrow_job_id,
    owner: row.escrow_owner!,
    provider: row.escrow_provider,
    amount: row.escrow_amount!,
    released: row.escrow_released!,
    refunded: row.escrow_refunded!,
    deposited_block: row.escrow_deposited_block,
    updated_block: row.escrow_updated_block!,
    updated_seq: row.escrow_updated_seq!,
  });
}
