import type { Insertable, Selectable } from 'kysely';
import type { ProjectedBatch, ProjectedConfidentialJob, ProjectedIntent } from '../projections';
import type { ConfidentialJobsTable, MevBatchesTable, MevIntentsTable } from './projection-schema';
import {
  big,
  bigOrNull,
  decOrNull,
  intentStatus,
  updatedCols,
  updatedOf,
} from './sql-projection-rows';
import {
  decodeStringArray,
  encodeJson,
  fromFlag,
  toDecimal,
  toFlag,
  toHex,
  toInt,
} from './sql-values';

/* Row <-> domain mapping of the confidential job and MEV tables (see projection-schema.ts). */

export function confidentialJobToRow(
  job: ProjectedConfidentialJob,
): Insertable<ConfidentialJobsTable> {
  const a = job.attestation;
  return {
    cid: toDecimal(job.jobId, 'cid'),
    owner: toHex(job.owner, 'owner'),
    encrypted_payload: job.encryptedPayload,
    public_key: job.publicKey,
    created_at: job.createdAt,
    processed: toFlag(job.processed),
    attestation_result_hash: a?.resultHash ?? null,
    attestation_proof: a?.attestationProof ?? null,
    attestation_worker_pubkey: a?.teeWorkerPubkey ?? null,
    attestation_timestamp: a?.timestamp ?? null,
    attestation_count: job.attestationCount,
    queue_job_id: decOrNull(job.queueJobId, 'queue_job_id'),
    submitted_block: job.submittedBlock,
    ...updatedCols(job.updated),
  };
}

export function confidentialJobFromRow(
  row: Selectable<ConfidentialJobsTable>,
): ProjectedConfidentialJob {
  const hasAttestation = row.attestation_timestamp !== null;
  return {
    jobId: big(row.cid, 'cid'),
    owner: toHex(row.owner, 'owner') as ProjectedConfidentialJob['owner'],
    encryptedPayload: row.encrypted_payload,
    publicKey: row.public_key,
    createdAt: big(row.created_at, 'created_at'),
    processed: fromFlag(row.processed),
    attestation: hasAttestation
      ? {
          resultHash: row.attestation_result_hash ?? '',
          attestationProof: row.attestation_proof ?? '',
          teeWorkerPubkey: row.attestation_worker_pubkey ?? '',
          timestamp: big(row.attestation_timestamp ?? 0, 'attestation_timestamp'),
        }
      : null,
    attestationCount: toInt(row.attestation_count, 'attestation_count'),
    queueJobId: bigOrNull(row.queue_job_id, 'queue_job_id'),
    submittedBlock: bigOrNull(row.submitted_block, 'submitted_block'),
    updated: updatedOf(row),
  };
}

export function intentToRow(intent: ProjectedIntent): Insertable<MevIntentsTable> {
  return {
    intent_id: toDecimal(intent.intentId, 'intent_id'),
    user_account: toHex(intent.user, 'user'),
    encrypted_intent: intent.encryptedIntent,
    token_in: intent.tokenIn,
    token_out: intent.tokenOut,
    min_output: toDecimal(intent.minOutput, 'min_output'),
    status: intent.status,
    created_at: intent.createdAt,
    batch_id: decOrNull(intent.batchId, 'batch_id'),
    submitted_block: intent.submittedBlock,
    ...updatedCols(intent.updated),
  };
}

export function intentFromRow(row: Selectable<MevIntentsTable>): ProjectedIntent {
  return {
    intentId: big(row.intent_id, 'intent_id'),
    user: toHex(row.user_account, 'user') as ProjectedIntent['user'],
    encryptedIntent: row.encrypted_intent,
    tokenIn: row.token_in,
    tokenOut: row.token_out,
    minOutput: big(row.min_output, 'min_output'),
    status: intentStatus(row.status),
    createdAt: big(row.created_at, 'created_at'),
    batchId: bigOrNull(row.batch_id, 'batch_id'),
    submittedBlock: bigOrNull(row.submitted_block, 'submitted_block'),
    updated: updatedOf(row),
  };
}

export function batchToRow(batch: ProjectedBatch): Insertable<MevBatchesTable> {
  const r = batch.result;
  return {
    batch_id: toDecimal(batch.batchId, 'batch_id'),
    intent_ids: encodeJson(batch.intentIds.map((id) => toDecimal(id, 'intent_ids'))),
    intent_count: BigInt(batch.intentCount),
    total_volume: toDecimal(batch.totalVolume, 'total_volume'),
    execution_route: batch.executionRoute,
    status: batch.status,
    created_at: batch.createdAt,
    executed_at: batch.executedAt,
    result_success: r === null ? null : toFlag(r.success),
    result_total_input: r === null ? null : toDecimal(r.totalInputAmount, 'total_input_amount'),
    result_total_output: r === null ? null : toDecimal(r.totalOutputAmount, 'total_output_amount'),
    result_execution_price: r?.executionPrice ?? null,
    result_timestamp: r?.timestamp ?? null,
    execution_count: batch.executionCount,
    created_block: batch.createdBlock,
    ...updatedCols(batch.updated),
  };
}

export function batchFromRow(row: Selectable<MevBatchesTable>): ProjectedBatch {
  return {
    batchId: big(row.batch_id, 'batch_id'),
    intentIds: decodeStringArray(row.intent_ids, 'intent_ids').map((id) => big(id, 'intent_ids')),
    intentCount: toInt(row.intent_count, 'intent_count'),
    totalVolume: big(row.total_volume, 'total_volume'),
    executionRoute: row.execution_route,
    status: intentStatus(row.status),
    createdAt: big(row.created_at, 'created_at'),
    executedAt: bigOrNull(row.executed_at, 'executed_at'),
    result:
      row.result_success === null
        ? null
        : {
            success: fromFlag(row.result_success),
            totalInputAmount: big(row.result_total_input ?? '0', 'result_total_input'),
            totalOutputAmount: big(row.result_total_output ?? '0', 'result_total_output'),
            executionPrice: row.result_execution_price ?? '',
            timestamp: big(row.result_timestamp ?? 0, 'result_timestamp'),
          },
    executionCount: toInt(row.execution_count, 'execution_count'),
    createdBlock: bigOrNull(row.created_block, 'created_block'),
    updated: updatedOf(row),
  };
}
