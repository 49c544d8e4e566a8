import type {
  ProjectionRepository,
  ProjectedConfidentialJob,
  ProjectedJob,
} from '../../projections';
import { AppError, InvalidStorageValueError } from '../../shared';

import { safeNumber } from '../bodies/job-body';
import { publicRefs } from '../bodies/private-job-fields';
import type {
  FrontendAttestationBody,
  FrontendJobBody,
  FrontendJobListBody,
  FrontendJobListQuery,
} from '../dto/frontend.dto';
import { JOBS_DEFAULT_LIMIT } from '../dto/jobs.dto';
import type { JobAttestationQuery } from './job-attestation-query';
import type { JobsQuery } from './jobs-query';

type Attestation = FrontendAttestationBody['data'];
type JobItem = FrontendJobListBody['jobs'][number];
type Reads = Pick<ProjectionRepository, 'findConfidentialJobsForQueueJob' | 'listJobs'>;

/**
 * /api/jobs, /api/jobs/:id and /api/jobs/:id/attestation in the shapes the web frontend reads
 * (§3.2, §3.3). A value that is not known yet (provider, result hash, attestation) is left out,
 * never `null`.
 */
export class FrontendJobQuery {
  constructor(
    private readonly jobs: Pick<JobsQuery, 'require'>,
    private readonly projections: Reads,
    /** Checks our signed attestation against the record; absent: `verified` is always false. */
    private readonly attestations: Pick<JobAttestationQuery, 'verifies'> | null = null,
  ) {}

  async job(id: bigint): Promise<FrontendJobBody> {
    const item = toJobItem(await this.jobs.require(id));
    const attestation = await this.latestAttestation(id);
    return {
      success: true,
      data: { ...item, ...(attestation !== null && { attestation }) },
      jobId: item.jobId,
      status: item.status,
      owner: item.owner,
      ...(item.provider !== undefined && { provider: item.provider }),
      budget: item.budget,
    };
  }

  /** Newest job id first; `owner` is already the H160 the queue stores. */
  async list(query: FrontendJobListQuery): Promise<FrontendJobListBody> {
    const cursor = query.cursor ?? null;
    let page: Awaited<ReturnType<Reads['listJobs']>>;
    try {
      page = await this.projections.listJobs({
        owner: query.owner,
        status: query.status,
        limit: query.limit ?? JOBS_DEFAULT_LIMIT,
        cursor,
      });
    } catch (err) {
      if (err instanceof InvalidStorageValueError && cursor !== null) {
        throw new AppError(
          'INVALID_CURSOR',
          'cursor is not a nextCursor value from a previous page',
          { field: 'cursor' },
          { cause: err },
        );
      }
      throw err;
    }
    const jobs = page.items.map(toJobItem);
    return {
      success: true,
      count: jobs.length,
      jobs,
      ...(page.nextCursor !== null && { nextCursor: page.nextCursor }),
    };
  }

  /** @throws AppError NOT_FOUND when no confidential job naming this queue job has an attestation */
  async attestation(id: bigint): Promise<FrontendAttestationBody> {
    const attestation = await this.latestAttestation(id);
    if (!attestation) {
      throw new AppError(
        'NOT_FOUND',
        `no attestation is recorded on-chain for job ${id} (no confidential job names it, or none is attested yet)`,
        { id: id.toString() },
      );
    }
    return { success: true, data: attestation };
  }

  /** The attestation of the most recently attested confidential job whose payload names `id`. */
  private async latestAttestation(id: bigint): Promise<Attestation | null> {
    const linked = await this.projections.findConfidentialJobsForQueueJob(id);
    const attested = linked.filter((c) => c.attestation !== null).sort(byLastUpdate);
    const latest = attested[attested.length - 1];
    if (!latest) {
      return null;
    }
    const verified = (await this.attestations?.verifies(id, latest)) ?? false;
    return toAttestation(latest, id, verified);
  }
}

/** A projected queue job in the frontend's shape; unknown values are left out. */
function toJobItem(job: ProjectedJob): JobItem {
  return {
    jobId: job.id.toString(),
    status: job.status,
    owner: job.owner,
    ...(job.assignedProvider !== null && { provider: job.assignedProvider }),
    // a private job's references go only to its owner, through /jobs/:id (ADR 0013)
    ...publicRefs(job),
    budget: job.budget.toString(),
    deadline: job.deadline.toString(),
    privacyRequired: job.privacyRequired,
    ...(job.resultHash !== null && { resultHash: job.resultHash }),
  };
}

function byLastUpdate(a: ProjectedConfidentialJob, b: ProjectedConfidentialJob): number {
  if (a.updated.block !== b.updated.block) {
    return a.updated.block < b.updated.block ? -1 : 1;
  }
  return a.updated.seq - b.updated.seq;
}

/**
 * `verified`: this service holds a signed attestation of the job that verifies (sr25519 over the
 * envelope) and is exactly the one recorded on-chain (result hash, proof, worker key).
 */
function toAttestation(
  job: ProjectedConfidentialJob,
  queueJobId: bigint,
  verified: boolean,
): Attestation | null {
  const a = job.attestation;
  if (!a) {
    return null;
  }
  return {
    job_id: safeNumber(job.jobId),
    queue_job_id: safeNumber(queueJobId),
    result_hash: a.resultHash,
    attestation_proof: a.attestationProof,
    tee_worker_pubkey: a.teeWorkerPubkey,
    timestamp: Number(a.timestamp / 1000n),
    verified,
    processed: job.processed,
    attestation_count: job.attestationCount,
  };
}
