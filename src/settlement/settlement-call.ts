import { encodeCall, getMessageSpec, type H160, type JobStatus } from '../contracts';
import type { JobWork, JobWorkState } from '../jobs/engine';

/** What the depositor of a job's escrow may sign (spec §4.4: only the depositor can). */
export type SettlementAction = 'release' | 'refund';

/** The payment_escrow message of each action. */
export const SETTLEMENT_MESSAGES = {
  release: 'release_to_provider',
  refund: 'refund_to_owner',
} as const satisfies Record<SettlementAction, string>;

export type SettlementMessage = (typeof SETTLEMENT_MESSAGES)[SettlementAction];

/** What the finalized projections and the work ledger say about one job (gathered by the caller). */
export interface SettlementCallFacts {
  /** Our ledger row; null when the job was never assigned to this service. */
  readonly work: Pick<JobWork, 'state' | 'provider' | 'result' | 'reason'> | null;
  readonly job: { readonly status: JobStatus; readonly resultHash: string | null } | null;
  readonly escrow: {
    readonly owner: H160;
    readonly provider: H160 | null;
    readonly amount: bigint;
    readonly released: boolean;
    readonly refunded: boolean;
  } | null;
  /** The phala_job_processor record carrying the job's attestation, once known. */
  readonly attestation: { readonly processed: boolean; readonly resultHash: string | null } | null;
  /** Our depositor key in custodial mode (those escrows the service settles itself), else null. */
  readonly custody: H160 | null;
}

export type SettlementDecision =
  | { readonly action: SettlementAction; readonly reason: string; readonly depositor: H160 }
  | { readonly action: null; readonly reason: string; readonly depositor: H160 | null };

const REFUNDABLE: readonly JobWorkState[] = ['rejected', 'failed', 'expired', 'cancelled'];

/**
 * What the escrow's depositor should sign now (pure). Release only for work that succeeded and
 * whose completion and attestation the finalized chain shows; refund when the job failed, expired,
 * was rejected or was cancelled (on-chain or here); nothing, with the reason, otherwise.
 */
export function decideSettlementCall(facts: SettlementCallFacts): SettlementDecision {
  const { work, escrow } = facts;
  const none = (reason: string): SettlementDecision => ({
    action: null,
    reason,
    depositor: escrow?.owner ?? null,
  });
  if (work === null) {
    return none("the job is not assigned to this service's provider");
  }
  if (escrow === null) {
    return none('no escrow was deposited for this job');
  }
  if (escrow.released) {
    return none('the escrow is already released');
  }
  if (escrow.refunded) {
    return none('the escrow is already refunded');
  }
  if (escrow.amount === 0n) {
    return none('the escrow holds nothing');
  }
  if (facts.custody !== null && escrow.owner === facts.custody) {
    return none('the service deposited this escrow and settles it itself');
  }
  const refund = (reason: string): SettlementDecision => ({
    action: 'refund',
    reason,
    depositor: escrow.owner,
  });
  if (facts.job?.status === 'Cancelled') {
    return refund('the job was cancelled on-chain');
  }
  if (REFUNDABLE.includes(work.state)) {
    return refund(`the job ${work.state}${work.reason === null ? '' : `: ${work.reason}`}`);
  }
  if (work.state !== 'succeeded' || work.result === null) {
    return none(`the job is ${work.state}; nothing to settle yet`);
  }
  const output = work.result.outputDigest;
  if (facts.job?.status !== 'Completed' || facts.job.resultHash !== output) {
    return none('waiting for mark_completed with the result hash to be finalized');
  }
  const attestation = facts.attestation;
  if (attestation === null || attestation.resultHash !== output || !attestation.processed) {
    return none('waiting for the attestation to be finalized on-chain');
  }
  if (escrow.provider !== work.provider) {
    return none(
      `the escrow pays ${escrow.provider ?? 'no provider'}, not ${work.provider} who ran the job; its depositor can set_provider first`,
    );
  }
  return {
    action: 'release',
    reason: 'the job succeeded and its completion and attestation are finalized on-chain',
    depositor: escrow.owner,
  };
}

/** A payment_escrow message call: selector + SCALE arguments, as pallet-revive's `data`. */
export interface EscrowMessageCall {
  readonly message: SettlementMessage;
  /** `0x` + 8 hex. */
  readonly selector: string;
  readonly args: { readonly jobId: bigint };
  /** `0x` hex of the selector and the SCALE-encoded arguments. */
  readonly callData: string;
}

export function escrowMessageCall(action: SettlementAction, jobId: bigint): EscrowMessageCall {
  const message = SETTLEMENT_MESSAGES[action];
  const spec = getMessageSpec('paymentEscrow', message);
  const data = encodeCall('paymentEscrow', message, { jobId });
  return {
    message,
    selector: spec.selector.toLowerCase(),
    args: { jobId },
    callData: `0x${Buffer.from(data).toString('hex')}`,
  };
}
