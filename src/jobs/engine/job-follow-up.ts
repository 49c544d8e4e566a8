import type { NewChainAction } from '../../chain/tx';
import { parseSignedAttestation, toOnChainAttestation } from '../../attestation';
import {
  FOLLOW_UP_STEPS,
  planFollowUp,
  type FollowUpFacts,
  type FollowUpPlan,
  type FollowUpStep,
  type StepStatus,
} from './follow-up-plan';
import { CUSTODY_ROLE, WORKER_ROLE, type JobEngineConfig } from './job-engine-config';
import type { JobEngineStores } from './job-engine-ports';
import type { JobWork } from './job-work';

/** Idempotency key of a job's on-chain step: one action per (job, step), ever. */
export function stepKey(queueJobId: bigint, step: FollowUpStep): string {
  return `job:${queueJobId}:${step}`;
}

/** Base64 JSON in the frontend's payload form, so the projector links the anchor to the job. */
export function attestationAnchorPayload(queueJobId: bigint): string {
  const json = JSON.stringify({ jobId: queueJobId.toString(), purpose: 'attestation-anchor' });
  return Buffer.from(json, 'utf8').toString('base64');
}

/**
 * Gathers the facts about a finished job (projections, outbox), plans its next on-chain steps
 * and enqueues them. Returns the plan and the anchor cid once known.
 */
export class JobFollowUp {
  constructor(
    private readonly stores: JobEngineStores,
    private readonly config: JobEngineConfig,
    /**
     * Makes the job's attestation name the phala_job_processor record `cid` (re-signing and storing
     * it when needed) and returns the job as stored; called before `record_attestation` is enqueued.
     */
    private readonly bindAttestation: (work: JobWork, cid: bigint) => Promise<JobWork> = (w) =>
      Promise.resolve(w),
  ) {}

  async advance(
    work: JobWork,
    finalizedBlock: number,
  ): Promise<{ plan: FollowUpPlan; confidentialId: bigint | null }> {
    const { projections } = this.stores;
    const job = await projections.getJob(work.queueJobId);
    const escrow = await projections.getEscrow(work.queueJobId);
    const confidentialId = work.confidentialId ?? (await this.findAnchor(work.queueJobId));
    const record =
      confidentialId === null ? null : await projections.getConfidentialJob(confidentialId);
    const facts: FollowUpFacts = {
      job: job === null ? null : { status: job.status },
      escrow:
        escrow === null
          ? null
          : {
              owner: escrow.owner,
              amount: escrow.amount,
              released: escrow.released,
              refunded: escrow.refunded,
            },
      confidential:
        record === null
          ? null
          : {
              id: record.jobId,
              processed: record.processed,
              attestedResultHash: record.attestation?.resultHash ?? null,
            },
      steps: await this.stepStatuses(work.queueJobId),
      custody: this.config.settlement.mode === 'custodial' ? this.config.settlement.custody : null,
      finalizedBlock,
      graceBlocks: this.config.settlement.graceBlocks,
    };
    const plan = planFollowUp(work, facts);
    const attested =
      plan.enqueue.includes('record_attestation') && confidentialId !== null
        ? await this.bindAttestation(work, confidentialId)
        : work;
    for (const step of plan.enqueue) {
      await this.stores.actions.enqueue(this.actionFor(attested, step, confidentialId));
    }
    return { plan, confidentialId };
  }

  private async findAnchor(queueJobId: bigint): Promise<bigint | null> {
    const linked = await this.stores.projections.findConfidentialJobsForQueueJob(queueJobId);
    const ours = linked
      .filter((c) => c.owner === this.config.attesterAccountId)
      .sort((a, b) => (a.jobId < b.jobId ? -1 : 1));
    return ours[0]?.jobId ?? null;
  }

  private async stepStatuses(queueJobId: bigint): Promise<Record<FollowUpStep, StepStatus>> {
    const actions = await this.stores.actions.findByKeys(
      FOLLOW_UP_STEPS.map((step) => stepKey(queueJobId, step)),
    );
    const byKey = new Map(actions.map((action) => [action.idempotencyKey, action.status]));
    const statusOf = (step: FollowUpStep): StepStatus => {
      const status = byKey.get(stepKey(queueJobId, step));
      return status === undefined
        ? 'absent'
        : status === 'finalized' || status === 'failed'
          ? status
          : 'active';
    };
    return Object.fromEntries(FOLLOW_UP_STEPS.map((step) => [step, statusOf(step)])) as Record<
      FollowUpStep,
      StepStatus
    >;
  }

  /** The outbox action of one step (keyed `job:<id>:<step>`). */
  actionFor(work: JobWork, step: FollowUpStep, cid: bigint | null): NewChainAction {
    const key = stepKey(work.queueJobId, step);
    const jobId = work.queueJobId;
    switch (step) {
      case 'deposit':
        return {
          idempotencyKey: key,
          contract: 'paymentEscrow',
          message: 'deposit_for_job',
          args: { jobId, provider: work.provider },
          value: this.config.settlement.depositPlanck,
          signerRole: CUSTODY_ROLE,
        };
      case 'mark_in_progress':
        return worker(key, 'aiJobQueue', 'mark_in_progress', { jobId });
      case 'mark_completed':
        return worker(key, 'aiJobQueue', 'mark_completed', {
          jobId,
          resultHash: requireResult(work).outputDigest,
        });
      case 'attestation_anchor':
        return worker(key, 'phalaJobProcessor', 'submit_confidential_job', {
          encryptedPayload: attestationAnchorPayload(jobId),
          publicKey: this.config.attesterAddress,
        });
      case 'record_attestation': {
        const onChain = toOnChainAttestation(parseSignedAttestation(requireAttestation(work)));
        return worker(key, 'phalaJobProcessor', 'record_attestation', {
          jobId: requireCid(cid),
          resultHash: onChain.resultHash,
          attestationProof: onChain.attestationProof,
          teeWorkerPubkey: onChain.teeWorkerPubkey,
        });
      }
      case 'mark_job_processed':
        return worker(key, 'phalaJobProcessor', 'mark_job_processed', { jobId: requireCid(cid) });
      case 'release':
        return custody(key, 'release_to_provider', { jobId });
      case 'refund':
        return custody(key, 'refund_to_owner', { jobId });
    }
  }
}

function worker(
  idempotencyKey: string,
  contract: NewChainAction['contract'],
  message: string,
  args: Record<string, bigint | string>,
): NewChainAction {
  return { idempotencyKey, contract, message, args, signerRole: WORKER_ROLE };
}

function custody(
  idempotencyKey: string,
  message: string,
  args: Record<string, bigint>,
): NewChainAction {
  return { idempotencyKey, contract: 'paymentEscrow', message, args, signerRole: CUSTODY_ROLE };
}

function requireResult(work: JobWork) {
  if (work.result === null) {
    throw new Error(`job ${work.queueJobId} has no result`);
  }
  return work.result;
}

function requireAttestation(work: JobWork): string {
  if (work.attestation === null) {
    throw new Error(`job ${work.queueJobId} has no attestation`);
  }
  return work.attestation;
}

function requireCid(cid: bigint | null): bigint {
  if (cid === null) {
    throw new Error('no confidential job id yet');
  }
  return cid;
}
