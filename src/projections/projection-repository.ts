import type { H160, IntentStatus, JobStatus } from '../contracts';
import type {
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
} from './projection-types';

/** One page of a listing; pass `nextCursor` back for the next page (null: no more). */
export interface ProjectionPage<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

interface PageQuery {
  /** 1..1000. */
  readonly limit: number;
  readonly cursor?: string | null;
}

/** Newest job id first. Filters combine with AND. */
export interface ListJobsQuery extends PageQuery {
  readonly status?: JobStatus;
  readonly owner?: H160;
  readonly provider?: H160;
  /** `model_ref` equal to this, or starting with this followed by `:` (`ocr` matches `ocr:pp-ocrv4`). */
  readonly model?: string;
}

/** By provider H160, ascending. */
export interface ListProvidersQuery extends PageQuery {
  readonly isActive?: boolean;
}

/** Newest intent id first. */
export interface ListIntentsQuery extends PageQuery {
  readonly status?: IntentStatus;
  readonly batchId?: bigint;
  /** AccountId, `0x` + 64 hex. */
  readonly user?: string;
}

/**
 * The contracts' read models. Reads return domain types; writes are upserts keyed by the
 * contract's own id (job id, escrow key, provider H160, token id, (token, grantee), cid, intent id,
 * batch id), so writing the same row twice leaves one row. The projector decides what to write
 * (it skips events at or before a row's `updated` position); the repository does not re-check.
 * Bind it to the follower's transaction (`ProjectionWriter.projections`) to project a block
 * atomically with its events and cursor.
 */
export interface ProjectionRepository {
  getJob(jobId: bigint): Promise<ProjectedJob | null>;
  listJobs(query: ListJobsQuery): Promise<ProjectionPage<ProjectedJob>>;
  upsertJob(job: ProjectedJob): Promise<void>;

  getEscrow(jobId: bigint): Promise<ProjectedEscrow | null>;
  /** getJob and getEscrow in one read (GET /jobs/:id); null when the job is not known. */
  getJobWithEscrow(jobId: bigint): Promise<ProjectedJobWithEscrow | null>;
  upsertEscrow(escrow: ProjectedEscrow): Promise<void>;

  getProvider(provider: H160): Promise<ProjectedProvider | null>;
  listProviders(query: ListProvidersQuery): Promise<ProjectionPage<ProjectedProvider>>;
  upsertProvider(provider: ProjectedProvider): Promise<void>;

  getNft(tokenId: bigint): Promise<ProjectedNft | null>;
  /** The NFT (burned ones too) and every grant row ever written for it, by grantee. */
  getNftWithGrants(tokenId: bigint): Promise<ProjectedNftWithGrants | null>;
  upsertNft(nft: ProjectedNft): Promise<void>;
  getGrant(tokenId: bigint, grantee: H160): Promise<ProjectedGrant | null>;
  listGrants(tokenId: bigint): Promise<ProjectedGrant[]>;
  upsertGrant(grant: ProjectedGrant): Promise<void>;

  getConfidentialJob(cid: bigint): Promise<ProjectedConfidentialJob | null>;
  /** Confidential jobs whose payload names `queueJobId`, by cid ascending. */
  findConfidentialJobsForQueueJob(queueJobId: bigint): Promise<ProjectedConfidentialJob[]>;
  upsertConfidentialJob(job: ProjectedConfidentialJob): Promise<void>;

  getIntent(intentId: bigint): Promise<ProjectedIntent | null>;
  listIntents(query: ListIntentsQuery): Promise<ProjectionPage<ProjectedIntent>>;
  upsertIntent(intent: ProjectedIntent): Promise<void>;

  getBatch(batchId: bigint): Promise<ProjectedBatch | null>;
  upsertBatch(batch: ProjectedBatch): Promise<void>;
}
