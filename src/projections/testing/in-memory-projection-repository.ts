import type { H160 } from '../../contracts/types';
import type {
  ListIntentsQuery,
  ListJobsQuery,
  ListProvidersQuery,
  ProjectionPage,
  ProjectionRepository,
} from '../projection-repository';
import type {
  ProjectedBatch,
  ProjectedConfidentialJob,
  ProjectedEscrow,
  ProjectedGrant,
  ProjectedIntent,
  ProjectedJob,
  ProjectedNft,
  ProjectedNftWithGrants,
  ProjectedProvider,
} from '../projection-types';

/** ProjectionRepository in memory, for unit tests (listings: no paging, everything in one page). */
export class InMemoryProjectionRepository implements ProjectionRepository {
  readonly jobs = new Map<bigint, ProjectedJob>();
  readonly escrows = new Map<bigint, ProjectedEscrow>();
  readonly providers = new Map<string, ProjectedProvider>();
  readonly nfts = new Map<bigint, ProjectedNft>();
  readonly grants = new Map<string, ProjectedGrant>();
  readonly confidentialJobs = new Map<bigint, ProjectedConfidentialJob>();
  readonly intents = new Map<bigint, ProjectedIntent>();
  readonly batches = new Map<bigint, ProjectedBatch>();
  writes = 0;

  getJob = (id: bigint) => Promise.resolve(this.jobs.get(id) ?? null);
  getJobWithEscrow = (id: bigint) => {
    const job = this.jobs.get(id);
    return Promise.resolve(job ? { job, escrow: this.escrows.get(id) ?? null } : null);
  };
  listJobs = (q: ListJobsQuery): Promise<ProjectionPage<ProjectedJob>> =>
    Promise.resolve({
      items: [...this.jobs.values()]
        .filter(
          (j) =>
            (q.status === undefined || j.status === q.status) &&
            (q.owner === undefined || j.owner === q.owner),
        )
        .filter((j) => q.provider === undefined || j.assignedProvider === q.provider)
        .filter(
          (j) =>
            q.model === undefined || j.modelRef === q.model || j.modelRef.startsWith(`${q.model}:`),
        )
        .sort((a, b) => (a.id < b.id ? 1 : -1)),
      nextCursor: null,
    });
  upsertJob = (row: ProjectedJob) => this.put(this.jobs, row.id, row);
  getEscrow = (id: bigint) => Promise.resolve(this.escrows.get(id) ?? null);
  upsertEscrow = (row: ProjectedEscrow) => this.put(this.escrows, row.jobId, row);
  getProvider = (id: H160) => Promise.resolve(this.providers.get(id) ?? null);
  listProviders = (q: ListProvidersQuery): Promise<ProjectionPage<ProjectedProvider>> =>
    Promise.resolve({
      items: [...this.providers.values()].filter(
        (p) => q.isActive === undefined || p.isActive === q.isActive,
      ),
      nextCursor: null,
    });
  upsertProvider = (row: ProjectedProvider) => this.put(this.providers, row.provider, row);
  getNft = (id: bigint) => Promise.resolve(this.nfts.get(id) ?? null);
  getNftWithGrants = async (id: bigint): Promise<ProjectedNftWithGrants | null> => {
    const nft = this.nfts.get(id);
    return nft ? { nft, grants: await this.listGrants(id) } : null;
  };
  upsertNft = (row: ProjectedNft) => this.put(this.nfts, row.tokenId, row);
  getGrant = (id: bigint, grantee: H160) =>
    Promise.resolve(this.grants.get(`${id}:${grantee}`) ?? null);
  listGrants = (id: bigint) =>
    Promise.resolve([...this.grants.values()].filter((g) => g.tokenId === id));
  upsertGrant = (row: ProjectedGrant) =>
    this.put(this.grants, `${row.tokenId}:${row.grantee}`, row);
  getConfidentialJob = (id: bigint) => Promise.resolve(this.confidentialJobs.get(id) ?? null);
  findConfidentialJobsForQueueJob = (id: bigint) =>
    Promise.resolve([...this.confidentialJobs.values()].filter((j) => j.queueJobId === id));
  upsertConfidentialJob = (row: ProjectedConfidentialJob) =>
    this.put(this.confidentialJobs, row.jobId, row);
  getIntent = (id: bigint) => Promise.resolve(this.intents.get(id) ?? null);
  listIntents = (q: ListIntentsQuery): Promise<ProjectionPage<ProjectedIntent>> =>
    Promise.resolve({
      items: [...this.intents.values()].filter(
        (i) =>
          (q.status === undefined || i.status === q.status) &&
          (q.batchId === undefined || i.batchId === q.batchId),
      ),
      nextCursor: null,
    });
  upsertIntent = (row: ProjectedIntent) => this.put(this.intents, row.intentId, row);
  getBatch = (id: bigint) => Promise.resolve(this.batches.get(id) ?? null);
  upsertBatch = (row: ProjectedBatch) => this.put(this.batches, row.batchId, row);

  private put<K, V>(map: Map<K, V>, key: K, row: V): Promise<void> {
    map.set(key, row);
    this.writes++;
    return Promise.resolve();
  }
}
