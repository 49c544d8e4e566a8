import type { ProjectionRepository } from '../../projections/projection-repository';
import type { ProjectedConfidentialJob } from '../../projections/projection-types';
import { AppError } from '../../shared';
import { safeNumber } from '../bodies/job-body';
import { publicRefs } from '../bodies/private-job-fields';
import type { FrontendAttestationBody, FrontendJobBody } from '../dto/frontend.dto';
import type { JobAttestationQuery } from './job-attestation-query';
import type { JobsQuery } from './jobs-query';

type Attestation = FrontendAttestationBody['data'];
type Reads = Pick<ProjectionRepository, 'findConfidentialJobsForQueueJob'>;

/** /api/jobs/:id and /api/jobs/:id/attestation in the shapes the web frontend reads (§3.2, §3.3). */
export class FrontendJobQuery {
  constructor(
    private readonly jobs: Pick<JobsQuery, 'require'>,
    private readonly projections: Reads,
    /** Checks our signed attestation against the record; absent: `verified` is always false. */
    private readonly attestations: Pick<JobAttestationQuery, 'verifies'> | null = null,
  ) {}

  async job(id: bigint): Promise<FrontendJobBody> {
    const job = await this.jobs.require(id);
    const attestation = await this.latestAttestation(id);
    const jobId = job.id.toString();
    const budget = job.budget.toString();
    return {
      success: true,
      data: {
        jobId,
        status: job.status,
        owner: job.owner,
        provider: job.assignedProvider,
        // a private job's references go only to its owner, through /jobs/:id (ADR 0013)
        ...publicRefs(job),
        budget,
        deadline: job.deadline.toString(),
        privacyRequired: job.privacyRequired,
        resultHash: job.resultHash,
        attestation,
      },
      jobId,
      status: job.status,
      owner: job.owner,
      provider: job.assignedProvider,
      budget,
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
