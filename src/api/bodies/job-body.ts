import type { ProjectedEscrow, ProjectedJob } from '../../projections';
import type { JobBody } from '../dto/jobs.dto';

/** A projected ai_job_queue job (and its escrow record) on the wire. */
export function toJobBody(job: ProjectedJob, escrow: ProjectedEscrow | null): JobBody {
  return {
    id: job.id.toString(),
    owner: job.owner,
    modelRef: job.modelRef,
    dataRef: job.dataRef,
    areRefsWithheld: false,
    budget: job.budget.toString(),
    status: job.status,
    assignedProvider: job.assignedProvider,
    deadline: job.deadline.toString(),
    privacyRequired: job.privacyRequired,
    resultHash: job.resultHash,
    completedBy: job.completedBy,
    cancelCount: job.cancelCount,
    submittedBlock: job.submittedBlock?.toString() ?? null,
    updatedBlock: job.updated.block.toString(),
    escrow: escrow && {
      owner: escrow.owner,
      provider: escrow.provider,
      amount: escrow.amount.toString(),
      released: escrow.released,
      refunded: escrow.refunded,
      depositedBlock: escrow.depositedBlock?.toString() ?? null,
    },
  };
}

/** A u128 as a JSON number when it is exactly representable, else as a decimal string. */
export function safeNumber(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}
