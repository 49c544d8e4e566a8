import type { H160, JobStatus } from '../../contracts';
import type { JobWork, SettlementState } from './job-work';

/** The on-chain steps the engine may take for one job; each is one idempotent outbox action. */
export const FOLLOW_UP_STEPS = [
  'deposit',
  'mark_in_progress',
  'mark_completed',
  'attestation_anchor',
  'record_attestation',
  'mark_job_processed',
  'release',
  'refund',
] as const;
export type FollowUpStep = (typeof FOLLOW_UP_STEPS)[number];

/** What the outbox says about a step's action. */
export type StepStatus = 'absent' | 'active' | 'finalized' | 'failed';

/** What the chain (projections, finalized) and the outbox say, gathered by the engine. */
export interface FollowUpFacts {
  /** The queue job as projected; null when the projection does not have it. */
  readonly job: { readonly status: JobStatus } | null;
  readonly escrow: {
    readonly owner: H160;
    readonly amount: bigint;
    readonly released: boolean;
    readonly refunded: boolean;
  } | null;
  /** The phala_job_processor record carrying this job's attestation, once known. */
  readonly confidential: {
    readonly id: bigint;
    readonly processed: boolean;
    /** `result_hash` of the attestation stored now, or null. */
    readonly attestedResultHash: string | null;
  } | null;
  readonly steps: Readonly<Record<FollowUpStep, StepStatus>>;
  /** Our depositor key's H160 (custodial settlement), or null when settlement is user-signed. */
  readonly custody: H160 | null;
  readonly finalizedBlock: number;
  /** Blocks after the deadline before an unsettled escrow is flagged. */
  readonly graceBlocks: number;
}

export interface FollowUpPlan {
  /** Steps whose action must be enqueued now (already-enqueued ones are left to the outbox). */
  readonly enqueue: readonly FollowUpStep[];
  readonly settlement: SettlementState;
  readonly settlementReason: string | null;
  readonly done: boolean;
}

const ADVANCED_PAST_ASSIGNED: readonly JobStatus[] = ['InProgress', 'Completed'];

/**
 * Decides the next on-chain steps for a job whose execution has ended (pure). A step counts as
 * satisfied when the chain shows its effect, whatever the outbox says (a restore from backup, or
 * another instance, may have done it); a step is asked for at most once (idempotency key).
 */
export function planFollowUp(work: JobWork, facts: FollowUpFacts): FollowUpPlan {
  const enqueue: FollowUpStep[] = [];
  const want = (step: FollowUpStep) => {
    if (facts.steps[step] === 'absent') {
      enqueue.push(step);
    }
  };
  const status = facts.job?.status ?? null;
  const isCancelledOnChain = status === 'Cancelled';
  const succeeded = work.state === 'succeeded';
  const resultHash = work.result?.outputDigest ?? null;

  let chainDone = true;
  if (succeeded && !isCancelledOnChain) {
    const attestationSteps: FollowUpStep[] = [];
    const attestation = attestationState(work, facts, resultHash, (step) =>
      attestationSteps.push(step),
    );
    const inProgress = status !== null && ADVANCED_PAST_ASSIGNED.includes(status);
    if (!inProgress && facts.steps.mark_in_progress !== 'failed') {
      want('mark_in_progress');
      chainDone = false;
    }
    if (inProgress && status !== 'Completed' && facts.steps.mark_completed !== 'failed') {
      // Completed only once the attestation is on-chain, so whoever sees Completed finds it.
      if (attestation.isRecorded) {
        want('mark_completed');
      }
      chainDone = false;
    }
    attestationSteps.forEach(want);
    chainDone = chainDone && attestation.isDone;
  }

  // Paid only for work the chain shows completed; a job cancelled under us is refunded.
  const earned = succeeded && !isCancelledOnChain;
  const settlement = planSettlement(work, facts, earned, chainDone && status === 'Completed', want);
  return {
    enqueue,
    settlement: settlement.state,
    settlementReason: settlement.reason,
    done: chainDone && settlement.final,
  };
}

interface AttestationProgress {
  /**
   * Our attestation is in a finalized block (the projection shows it, or our record_attestation
   * is finalized though someone overwrote it since), or it cannot be recorded (a step failed).
   */
  readonly isRecorded: boolean;
  /** Recorded and the confidential job marked processed (or impossible). */
  readonly isDone: boolean;
}

/** Where the job's attestation stands on-chain; asks for its next step. */
function attestationState(
  work: JobWork,
  facts: FollowUpFacts,
  resultHash: string | null,
  want: (step: FollowUpStep) => void,
): AttestationProgress {
  const { steps } = facts;
  const impossible = { isRecorded: true, isDone: true };
  const pending = { isRecorded: false, isDone: false };
  const record = facts.confidential;
  if (record === null) {
    if (steps.attestation_anchor === 'failed') {
      return impossible;
    }
    if (!work.privacyRequired) {
      want('attestation_anchor');
    }
    return pending;
  }
  if (record.attestedResultHash !== resultHash) {
    if (steps.record_attestation === 'failed') {
      return impossible;
    }
    want('record_attestation');
    // ours is finalized but someone overwrote it since: it still precedes mark_completed
    return { isRecorded: steps.record_attestation === 'finalized', isDone: false };
  }
  if (!record.processed) {
    if (steps.mark_job_processed === 'failed') {
      return impossible;
    }
    want('mark_job_processed');
    return { isRecorded: true, isDone: false };
  }
  return { isRecorded: true, isDone: true };
}

interface SettlementDecision {
  readonly state: SettlementState;
  readonly reason: string | null;
  readonly final: boolean;
}

function planSettlement(
  work: JobWork,
  facts: FollowUpFacts,
  earned: boolean,
  readyToRelease: boolean,
  want: (step: FollowUpStep) => void,
): SettlementDecision {
  const escrow = facts.escrow;
  const overdue = facts.finalizedBlock > work.deadlineBlock + facts.graceBlocks;
  if (escrow === null) {
    if (facts.steps.deposit === 'active') {
      return { state: 'custodial-pending', reason: null, final: false };
    }
    return overdue
      ? { state: 'none', reason: 'no escrow was deposited for this job', final: true }
      : { state: 'none', reason: null, final: false };
  }
  if (escrow.released) {
    return { state: 'released', reason: null, final: true };
  }
  if (escrow.refunded) {
    return { state: 'refunded', reason: null, final: true };
  }
  const isOurs = facts.custody !== null && escrow.owner === facts.custody;
  if (!isOurs) {
    return overdue
      ? {
          state: 'flagged',
          reason: `escrow of ${escrow.owner} is neither released nor refunded ${facts.graceBlocks} blocks after the deadline; only its depositor can settle it`,
          // still watched: the depositor may settle late, and the ledger should say so
          final: false,
        }
      : { state: 'awaiting-user', reason: null, final: false };
  }
  if (earned) {
    if (!readyToRelease) {
      return { state: 'custodial-pending', reason: null, final: false };
    }
    if (facts.steps.release === 'failed') {
      return {
        state: 'flagged',
        reason: 'release_to_provider failed; see the outbox',
        final: true,
      };
    }
    want('release');
    return { state: 'custodial-pending', reason: null, final: false };
  }
  if (facts.steps.refund === 'failed') {
    return { state: 'flagged', reason: 'refund_to_owner failed; see the outbox', final: true };
  }
  want('refund');
  return { state: 'custodial-pending', reason: null, final: false };
}
