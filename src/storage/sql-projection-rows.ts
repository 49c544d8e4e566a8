import type { Insertable, Selectable } from 'kysely';
import {
  INTENT_STATUSES,
  JOB_STATUSES,
  type H160,
  type IntentStatus,
  type JobStatus,
} from '../contracts';
import type {
  ProjectedEscrow,
  ProjectedGrant,
  ProjectedJob,
  ProjectedNft,
  ProjectedProvider,
} from '../projections';
import type {
  DataNftsTable,
  EscrowsTable,
  NftAccessGrantsTable,
  ProvidersTable,
  QueueJobsTable,
} from './projection-schema';
import { fromFlag, toBigInt, toDecimal, toFlag, toHex, toInt, type IntLike } from './sql-values';
import { InvalidStorageValueError } from '../shared';

/* Row <-> domain mapping of the projection tables (see projection-schema.ts). */

export function h160(value: string, field: string): H160 {
  return toHex(value, field) as H160;
}

export function h160OrNull(value: string | null, field: string): H160 | null {
  return value === null ? null : h160(value, field);
}

export function big(value: IntLike, field: string): bigint {
  return toBigInt(value, field);
}

export function bigOrNull(value: IntLike | null, field: string): bigint | null {
  return value === null ? null : toBigInt(value, field);
}

export function decOrNull(value: bigint | null, field: string): string | null {
  return value === null ? null : toDecimal(value, field);
}

function jobStatus(value: string): JobStatus {
  const status = JOB_STATUSES.find((known) => known === value);
  if (status === undefined) {
    throw new InvalidStorageValueError('unknown job status in storage', { status: value });
  }
  return status;
}

export function intentStatus(value: string): IntentStatus {
  const status = INTENT_STATUSES.find((known) => known === value);
  if (status === undefined) {
    throw new InvalidStorageValueError('unknown intent status in storage', { status: value });
  }
  return status;
}

export function updatedOf(row: {
  updated_block: IntLike;
  updated_seq: IntLike;
}): ProjectedJob['updated'] {
  return {
    block: big(row.updated_block, 'updated_block'),
    seq: toInt(row.updated_seq, 'updated_seq'),
  };
}

export function updatedCols(updated: ProjectedJob['updated']): {
  updated_block: bigint;
  updated_seq: number;
} {
  return { updated_block: updated.block, updated_seq: updated.seq };
}

export function jobToRow(job: ProjectedJob): Insertable<QueueJobsTable> {
  return {
    job_id: toDecimal(job.id, 'job_id'),
    owner: toHex(job.owner, 'owner'),
    model_ref: job.modelRef,
    data_ref: job.dataRef,
    budget: toDecimal(job.budget, 'budget'),
    status: job.status,
    assigned_provider:
      job.assignedProvider === null ? null : toHex(job.assignedProvider, 'assigned_provider'),
    deadline: BigInt(job.deadline),
    privacy_required: toFlag(job.privacyRequired),
    result_hash: job.resultHash,
    completed_by: job.completedBy === null ? null : toHex(job.completedBy, 'completed_by'),
    cancel_count: job.cancelCount,
    submitted_block: job.submittedBlock,
    ...updatedCols(job.updated),
  };
}

export function jobFromRow(row: Selectable<QueueJobsTable>): ProjectedJob {
  return {
    id: big(row.job_id, 'job_id'),
    owner: h160(row.owner, 'owner'),
    modelRef: row.model_ref,
    dataRef: row.data_ref,
    budget: big(row.budget, 'budget'),
    status: jobStatus(row.status),
    assignedProvider: h160OrNull(row.assigned_provider, 'assigned_provider'),
    deadline: toInt(row.deadline, 'deadline'),
    privacyRequired: fromFlag(row.privacy_required),
    resultHash: row.result_hash,
    completedBy: h160OrNull(row.completed_by, 'completed_by'),
    cancelCount: toInt(row.cancel_count, 'cancel_count'),
    submittedBlock: bigOrNull(row.submitted_block, 'submitted_block'),
    updated: updatedOf(row),
  };
}

export function escrowToRow(escrow: ProjectedEscrow): Insertable<EscrowsTable> {
  return {
    job_id: toDecimal(escrow.jobId, 'job_id'),
    owner: toHex(escrow.owner, 'owner'),
    provider: escrow.provider === null ? null : toHex(escrow.provider, 'provider'),
    amount: toDecimal(escrow.amount, 'amount'),
    released: toFlag(escrow.released),
    refunded: toFlag(escrow.refunded),
    deposited_block: escrow.depositedBlock,
    ...updatedCols(escrow.updated),
  };
}

export function escrowFromRow(row: Selectable<EscrowsTable>): ProjectedEscrow {
  return {
    jobId: big(row.job_id, 'job_id'),
    owner: h160(row.owner, 'owner'),
    provider: h160OrNull(row.provider, 'provider'),
    amount: big(row.amount, 'amount'),
    released: fromFlag(row.released),
    refunded: fromFlag(row.refunded),
    depositedBlock: bigOrNull(row.deposited_block, 'deposited_block'),
    updated: updatedOf(row),
  };
}

export function providerToRow(p: ProjectedProvider): Insertable<ProvidersTable> {
  return {
    provider: toHex(p.provider, 'provider'),
    endpoint: p.endpoint,
    compute_units: toDecimal(p.computeUnits, 'compute_units'),
    hourly_rate: toDecimal(p.hourlyRate, 'hourly_rate'),
    registered_at: p.registeredAt,
    is_active: toFlag(p.isActive),
    stake: toDecimal(p.stake, 'stake'),
    reputation_score: BigInt(p.reputationScore),
    registered_block: p.registeredBlock,
    ...updatedCols(p.updated),
  };
}

export function providerFromRow(row: Selectable<ProvidersTable>): ProjectedProvider {
  return {
    provider: h160(row.provider, 'provider'),
    endpoint: row.endpoint,
    computeUnits: big(row.compute_units, 'compute_units'),
    hourlyRate: big(row.hourly_rate, 'hourly_rate'),
    registeredAt: big(row.registered_at, 'registered_at'),
    isActive: fromFlag(row.is_active),
    stake: big(row.stake, 'stake'),
    reputationScore: toInt(row.reputation_score, 'reputation_score'),
    registeredBlock: bigOrNull(row.registered_block, 'registered_block'),
    updated: updatedOf(row),
  };
}

export function nftToRow(nft: ProjectedNft): Insertable<DataNftsTable> {
  return {
    token_id: toDecimal(nft.tokenId, 'token_id'),
    owner: toHex(nft.owner, 'owner'),
    data_uri: nft.dataUri,
    privacy_level: nft.privacyLevel,
    minted_at: nft.mintedAt,
    access_price: toDecimal(nft.accessPrice, 'access_price'),
    is_transferable: toFlag(nft.isTransferable),
    approved: nft.approved === null ? null : toHex(nft.approved, 'approved'),
    is_burned: toFlag(nft.isBurned),
    minted_block: nft.mintedBlock,
    ...updatedCols(nft.updated),
  };
}

export function nftFromRow(row: Selectable<DataNftsTable>): ProjectedNft {
  return {
    tokenId: big(row.token_id, 'token_id'),
    owner: h160(row.owner, 'owner'),
    dataUri: row.data_uri,
    privacyLevel: toInt(row.privacy_level, 'privacy_level'),
    mintedAt: big(row.minted_at, 'minted_at'),
    accessPrice: big(row.access_price, 'access_price'),
    isTransferable: fromFlag(row.is_transferable),
    approved: h160OrNull(row.approved, 'approved'),
    isBurned: fromFlag(row.is_burned),
    mintedBlock: bigOrNull(row.minted_block, 'minted_block'),
    updated: updatedOf(row),
  };
}

export function grantToRow(grant: ProjectedGrant): Insertable<NftAccessGrantsTable> {
  return {
    token_id: toDecimal(grant.tokenId, 'token_id'),
    grantee: toHex(grant.grantee, 'grantee'),
    is_granted: toFlag(grant.isGranted),
    last_payment: toDecimal(grant.lastPayment, 'last_payment'),
    granted_block: grant.grantedBlock,
    revoked_block: grant.revokedBlock,
    ...updatedCols(grant.updated),
  };
}

export function grantFromRow(row: Selectable<NftAccessGrantsTable>): ProjectedGrant {
  return {
    tokenId: big(row.token_id, 'token_id'),
    grantee: h160(row.grantee, 'grantee'),
    isGranted: fromFlag(row.is_granted),
    lastPayment: big(row.last_payment, 'last_payment'),
    grantedBlock: bigOrNull(row.granted_block, 'granted_block'),
    revokedBlock: bigOrNull(row.revoked_block, 'revoked_block'),
    updated: updatedOf(row),
  };
}
