/**
 * Read models kept from the six contracts' events (spec §3–§8). Money and u64/u128 values are
 * bigint, u8/u32 values are number, H160s lowercase `0x` + 40 hex, AccountIds lowercase `0x` + 64 hex.
 *
 * Every row records the last event applied to it (`updated`): the projector skips events at or
 * before that position, so replaying a block changes nothing.
 */
import type {
  AccountIdHex,
  Batch,
  BatchResult,
  ConfidentialJob,
  DataNft,
  Escrow,
  H160,
  Intent,
  IntentStatus,
  JobAttestation,
  JobStatus,
  ProviderProfile,
  QueueJob,
} from '../contracts';

/** Where an event sits: its block and its position among the block's decoded contract events. */
export interface EventPosition {
  readonly block: bigint;
  readonly seq: number;
}

/** Position of a state read at the end of a block (a seed or a snapshot adopted for an unknown row). */
export const END_OF_BLOCK_SEQ = 2_147_483_647;

export function isAfter(event: EventPosition, last: EventPosition): boolean {
  return event.block > last.block || (event.block === last.block && event.seq > last.seq);
}

/** ai_job_queue job plus what only the events tell (result hash, completer, repeated cancels). */
export interface ProjectedJob extends QueueJob {
  /** From `JobCompleted`; the contract does not store it (null after a seed). */
  readonly resultHash: string | null;
  readonly completedBy: H160 | null;
  /** How many `JobCancelled` events were seen (repeats included, §3.7.4). */
  readonly cancelCount: number;
  /** Block of `JobSubmitted`; null when the row came from a seed. */
  readonly submittedBlock: bigint | null;
  readonly updated: EventPosition;
}

/** payment_escrow record; a new `Deposited` after release/refund overwrites it (§4.7). */
export interface ProjectedEscrow extends Escrow {
  readonly jobId: bigint;
  /** Block of the `Deposited` that created the current record. */
  readonly depositedBlock: bigint | null;
  readonly updated: EventPosition;
}

export interface ProjectedProvider extends ProviderProfile {
  readonly registeredBlock: bigint | null;
  readonly updated: EventPosition;
}

/** A data NFT; burned tokens are kept (`isBurned`), and so are their grants (§6.6.3). */
export interface ProjectedNft extends DataNft {
  /** `get_approved`: set by `NFTApproved`, cleared by a transfer, kept by a burn. */
  readonly approved: H160 | null;
  readonly isBurned: boolean;
  readonly mintedBlock: bigint | null;
  readonly updated: EventPosition;
}

export interface ProjectedGrant {
  readonly tokenId: bigint;
  readonly grantee: H160;
  /** The `granted_access` entry exists (granted and not revoked since). */
  readonly isGranted: boolean;
  /** Payment of the last `AccessGranted` (contract units). */
  readonly lastPayment: bigint;
  readonly grantedBlock: bigint | null;
  readonly revokedBlock: bigint | null;
  readonly updated: EventPosition;
}

/** A job with the escrow record of the same job id (null when none was deposited). */
export interface ProjectedJobWithEscrow {
  readonly job: ProjectedJob;
  readonly escrow: ProjectedEscrow | null;
}

export interface ProjectedNftWithGrants {
  readonly nft: ProjectedNft;
  readonly grants: ProjectedGrant[];
}

export type ProjectedAttestation = Omit<JobAttestation, 'jobId'>;

/** phala_job_processor job ("cid") with its current attestation (overwritten on every record). */
export interface ProjectedConfidentialJob extends ConfidentialJob {
  readonly attestation: ProjectedAttestation | null;
  readonly attestationCount: number;
  /** The ai_job_queue job named by the payload's `jobId` (base64 JSON), else null (§7.7.3). */
  readonly queueJobId: bigint | null;
  readonly submittedBlock: bigint | null;
  readonly updated: EventPosition;
}

export interface ProjectedIntent extends Intent {
  readonly submittedBlock: bigint | null;
  readonly updated: EventPosition;
}

export type ProjectedBatchResult = Omit<BatchResult, 'batchId'>;

/** mev_protection batch with its latest result (re-execution overwrites it, §8.6). */
export interface ProjectedBatch extends Batch {
  readonly result: ProjectedBatchResult | null;
  readonly executionCount: number;
  readonly createdBlock: bigint | null;
  readonly updated: EventPosition;
}

export type { AccountIdHex, H160, IntentStatus, JobStatus };
