import { sql, type Kysely } from 'kysely';
import type { H160 } from '../contracts';
import type {
  ListIntentsQuery,
  ListJobsQuery,
  ListProvidersQuery,
  ProjectionPage,
  ProjectionRepository,
  ProjectedBatch,
  ProjectedConfidentialJob,
  ProjectedEscrow,
  ProjectedGrant,
  ProjectedIntent,
  ProjectedJob,
  ProjectedJobWithEscrow,
  ProjectedNft,
  ProjectedNftWithGrants,
  ProjectedProvider,
} from '../projections';
import type { DatabaseSchema } from './schema';
import {
  batchFromRow,
  batchToRow,
  confidentialJobFromRow,
  confidentialJobToRow,
  intentFromRow,
  intentToRow,
} from './sql-phala-mev-rows';
import {
  escrowFromRow,
  escrowToRow,
  grantFromRow,
  grantToRow,
  jobFromRow,
  jobToRow,
  nftFromRow,
  nftToRow,
  providerFromRow,
  providerToRow,
} from './sql-projection-rows';
import { listIntents, listJobs, listProviders } from './sql-projection-listings';
import { JobWithEscrowRead } from './sql-job-with-escrow';
import { toDecimal, toHex } from './sql-values';

/**
 * ProjectionRepository over Kysely (SQLite and PostgreSQL). Upserts use ON CONFLICT on the
 * contract's key; id listings order by (length(id), id) so that decimal text sorts as numbers.
 */
export class SqlProjectionRepository implements ProjectionRepository {
  private jobWithEscrow: JobWithEscrowRead | undefined;

  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async getJob(jobId: bigint): Promise<ProjectedJob | null> {
    const row = await this.db
      .selectFrom('queue_jobs')
      .selectAll()
      .where('job_id', '=', toDecimal(jobId, 'job_id'))
      .executeTakeFirst();
    return row ? jobFromRow(row) : null;
  }

  listJobs(query: ListJobsQuery): Promise<ProjectionPage<ProjectedJob>> {
    return listJobs(this.db, query);
  }

  async upsertJob(job: ProjectedJob): Promise<void> {
    const row = jobToRow(job);
    await this.db
      .insertInto('queue_jobs')
      .values(row)
      .onConflict((oc) => oc.column('job_id').doUpdateSet(row))
      .execute();
  }

  getJobWithEscrow(jobId: bigint): Promise<ProjectedJobWithEscrow | null> {
    this.jobWithEscrow ??= new JobWithEscrowRead(this.db);
    return this.jobWithEscrow.read(jobId);
  }

  async getEscrow(jobId: bigint): Promise<ProjectedEscrow | null> {
    const row = await this.db
      .selectFrom('escrows')
      .selectAll()
      .where('job_id', '=', toDecimal(jobId, 'job_id'))
      .executeTakeFirst();
    return row ? escrowFromRow(row) : null;
  }

  async upsertEscrow(escrow: ProjectedEscrow): Promise<void> {
    const row = escrowToRow(escrow);
    await this.db
      .insertInto('escrows')
      .values(row)
      .onConflict((oc) => oc.column('job_id').doUpdateSet(row))
      .execute();
  }

  async getProvider(provider: H160): Promise<ProjectedProvider | null> {
    const row = await this.db
      .selectFrom('providers')
      .selectAll()
      .where('provider', '=', toHex(provider, 'provider'))
      .executeTakeFirst();
    return row ? providerFromRow(row) : null;
  }

  listProviders(query: ListProvidersQuery): Promise<ProjectionPage<ProjectedProvider>> {
    return listProviders(this.db, query);
  }

  async upsertProvider(provider: ProjectedProvider): Promise<void> {
    const row = providerToRow(provider);
    await this.db
      .insertInto('providers')
      .values(row)
      .onConflict((oc) => oc.column('provider').doUpdateSet(row))
      .execute();
  }

  async getNft(tokenId: bigint): Promise<ProjectedNft | null> {
    const row = await this.db
      .selectFrom('data_nfts')
      .selectAll()
      .where('token_id', '=', toDecimal(tokenId, 'token_id'))
      .executeTakeFirst();
    return row ? nftFromRow(row) : null;
  }

  async getNftWithGrants(tokenId: bigint): Promise<ProjectedNftWithGrants | null> {
    const nft = await this.getNft(tokenId);
    return nft ? { nft, grants: await this.listGrants(tokenId) } : null;
  }

  async upsertNft(nft: ProjectedNft): Promise<void> {
    const row = nftToRow(nft);
    await this.db
      .insertInto('data_nfts')
      .values(row)
      .onConflict((oc) => oc.column('token_id').doUpdateSet(row))
      .execute();
  }

  async getGrant(tokenId: bigint, grantee: H160): Promise<ProjectedGrant | null> {
    const row = await this.db
      .selectFrom('nft_access_grants')
      .selectAll()
      .where('token_id', '=', toDecimal(tokenId, 'token_id'))
      .where('grantee', '=', toHex(grantee, 'grantee'))
      .executeTakeFirst();
    return row ? grantFromRow(row) : null;
  }

  async listGrants(tokenId: bigint): Promise<ProjectedGrant[]> {
    const rows = await this.db
      .selectFrom('nft_access_grants')
      .selectAll()
      .where('token_id', '=', toDecimal(tokenId, 'token_id'))
      .orderBy('grantee', 'asc')
      .execute();
    return rows.map(grantFromRow);
  }

  async upsertGrant(grant: ProjectedGrant): Promise<void> {
    const row = grantToRow(grant);
    await this.db
      .insertInto('nft_access_grants')
      .values(row)
      .onConflict((oc) => oc.columns(['token_id', 'grantee']).doUpdateSet(row))
      .execute();
  }

  async getConfidentialJob(cid: bigint): Promise<ProjectedConfidentialJob | null> {
    const row = await this.db
      .selectFrom('confidential_jobs')
      .selectAll()
      .where('cid', '=', toDecimal(cid, 'cid'))
      .executeTakeFirst();
    return row ? confidentialJobFromRow(row) : null;
  }

  async findConfidentialJobsForQueueJob(queueJobId: bigint): Promise<ProjectedConfidentialJob[]> {
    const rows = await this.db
      .selectFrom('confidential_jobs')
      .selectAll()
      .where('queue_job_id', '=', toDecimal(queueJobId, 'queue_job_id'))
      .orderBy(sql`length(cid)`, 'asc')
      .orderBy('cid', 'asc')
      .execute();
    return rows.map(confidentialJobFromRow);
  }

  async upsertConfidentialJob(job: ProjectedConfidentialJob): Promise<void> {
    const row = confidentialJobToRow(job);
    await this.db
      .insertInto('confidential_jobs')
      .values(row)
      .onConflict((oc) => oc.column('cid').doUpdateSet(row))
      .execute();
  }

  async getIntent(intentId: bigint): Promise<ProjectedIntent | null> {
    const row = await this.db
      .selectFrom('mev_intents')
      .selectAll()
      .where('intent_id', '=', toDecimal(intentId, 'intent_id'))
      .executeTakeFirst();
    return row ? intentFromRow(row) : null;
  }

  listIntents(query: ListIntentsQuery): Promise<ProjectionPage<ProjectedIntent>> {
    return listIntents(this.db, query);
  }

  async upsertIntent(intent: ProjectedIntent): Promise<void> {
    const row = intentToRow(intent);
    await this.db
      .insertInto('mev_intents')
      .values(row)
      .onConflict((oc) => oc.column('intent_id').doUpdateSet(row))
      .execute();
  }

  async getBatch(batchId: bigint): Promise<ProjectedBatch | null> {
    const row = await this.db
      .selectFrom('mev_batches')
      .selectAll()
      .where('batch_id', '=', toDecimal(batchId, 'batch_id'))
      .executeTakeFirst();
    return row ? batchFromRow(row) : null;
  }

  async upsertBatch(batch: ProjectedBatch): Promise<void> {
    const row = batchToRow(batch);
    await this.db
      .insertInto('mev_batches')
      .values(row)
      .onConflict((oc) => oc.column('batch_id').doUpdateSet(row))
      .execute();
  }
}
