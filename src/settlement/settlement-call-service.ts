import type { H160 } from '../contracts';
import type { JobWorkRepository, SettlementState } from '../jobs/engine';
import type { ProjectionRepository } from '../projections';
import { AppError } from '../shared';
import {
  decideSettlementCall,
  escrowMessageCall,
  type EscrowMessageCall,
  type SettlementAction,
} from './settlement-call';
import type { PreparedExtrinsic, SettlementExtrinsics } from './settlement-extrinsics';

export interface SettlementCall {
  readonly jobId: bigint;
  readonly action: SettlementAction | null;
  readonly reason: string;
  /** The work ledger's settlement state; null when the job is not ours. */
  readonly settlement: SettlementState | null;
  /** Who must sign: the escrow's depositor. */
  readonly signer: { readonly h160: H160; readonly ss58: string | null } | null;
  readonly call:
    | (EscrowMessageCall & {
        readonly contract: string;
        readonly pallet: 'revive';
        readonly value: bigint;
        readonly extrinsic: PreparedExtrinsic;
      })
    | null;
}

export interface SettlementCallConfig {
  /** payment_escrow's H160. */
  readonly escrowAddress: string;
  /** Our depositor key when settlement is custodial, else null. */
  readonly custody: H160 | null;
}

/**
 * For the user-signed flow (spec §4.8.1): what a job's depositor must sign now to release or
 * refund its escrow, as ready-to-sign call data. Reads the work ledger and finalized projections.
 */
export class SettlementCallService {
  constructor(
    private readonly stores: {
      readonly work: Pick<JobWorkRepository, 'get'>;
      readonly projections: Pick<
        ProjectionRepository,
        'getJob' | 'getEscrow' | 'getConfidentialJob'
      >;
    },
    private readonly extrinsics: SettlementExtrinsics,
    private readonly config: SettlementCallConfig,
  ) {}

  /**
   * @throws AppError NOT_FOUND when neither the chain nor the ledger knows the job; UNAVAILABLE
   * when the chain reads (the depositor's account, the dry run) fail: the endpoint errs or times out.
   */
  async forJob(jobId: bigint): Promise<SettlementCall> {
    const { work: ledger, projections } = this.stores;
    const [work, job, escrow] = await Promise.all([
      ledger.get(jobId),
      projections.getJob(jobId),
      projections.getEscrow(jobId),
    ]);
    if (work === null && job === null && escrow === null) {
      const message = `job ${jobId} is not known (not submitted or not indexed yet)`;
      throw new AppError('NOT_FOUND', message, { jobId: jobId.toString() });
    }
    const record =
      work === null || work.confidentialId === null
        ? null
        : await projections.getConfidentialJob(work.confidentialId);
    const decision = decideSettlementCall({
      work,
      job: job === null ? null : { status: job.status, resultHash: job.resultHash },
      escrow,
      attestation:
        record === null
          ? null
          : { processed: record.processed, resultHash: record.attestation?.resultHash ?? null },
      custody: this.config.custody,
    });
    const depositor = decision.depositor;
    const ss58 =
      depositor === null
        ? null
        : await readChain(jobId, () => this.extrinsics.substrateAccountOf(depositor));
    const base = {
      jobId,
      action: decision.action,
      reason: decision.reason,
      settlement: work?.settlement ?? null,
      signer: depositor === null ? null : { h160: depositor, ss58 },
    };
    if (decision.action === null) {
      return { ...base, call: null };
    }
    const message = escrowMessageCall(decision.action, jobId);
    const extrinsic: PreparedExtrinsic =
      ss58 === null
        ? {
            ok: false,
            reason: `the depositor ${decision.depositor} is not mapped on pallet-revive (revive.map_account)`,
          }
        : await readChain(jobId, () => this.extrinsics.prepare(ss58, message));
    return {
      ...base,
      call: {
        ...message,
        contract: this.config.escrowAddress.toLowerCase(),
        pallet: 'revive',
        value: 0n,
        extrinsic,
      },
    };
  }
}

/** A chain read that failed is the chain's unavailability, not the service's fault (503, not 500). */
async function readChain<T>(jobId: bigint, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw new AppError(
      'UNAVAILABLE',
      'the chain could not be read to prepare the settlement call; try again',
      { jobId: jobId.toString() },
      { cause: err },
    );
  }
}
