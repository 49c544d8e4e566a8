import type { Selectable } from 'kysely';
import type { H160 } from '../contracts';
import {
  JOB_WORK_STATES,
  SETTLEMENT_STATES,
  type JobWork,
  type JobWorkEvent,
  type JobWorkState,
  type SettlementState,
  type WorkResult,
} from '../jobs/engine';
import { InvalidStorageValueError } from '../shared';
import type { JobWorkEventsTable, JobWorkTable } from './schema';
import { fromFlag, fromTimestamp, toBigInt, toInt } from './sql-values';

/** `job_work` / `job_work_events` rows as domain values (the row types are wide; see schema.ts). */

export function toState(value: string): JobWorkState {
  if (!(JOB_WORK_STATES as readonly string[]).includes(value)) {
    throw new InvalidStorageValueError('unknown job work state', { value });
  }
  return value as JobWorkState;
}

export function toSettlement(value: string): SettlementState {
  if (!(SETTLEMENT_STATES as readonly string[]).includes(value)) {
    throw new InvalidStorageValueError('unknown settlement state', { value });
  }
  return value as SettlementState;
}

export function toJobWork(row: Selectable<JobWorkTable>): JobWork {
  return {
    queueJobId: toBigInt(row.queue_job_id, 'queue_job_id'),
    provider: row.provider as H160,
    owner: row.owner as H160,
    modelRef: row.model_ref,
    dataRef: row.data_ref,
    budget: toBigInt(row.budget, 'budget'),
    deadlineBlock: toInt(row.deadline_block, 'deadline_block'),
    privacyRequired: fromFlag(row.privacy_required),
    confidentialId:
      row.confidential_id === null ? null : toBigInt(row.confidential_id, 'confidential_id'),
    state: toState(row.state),
    attempts: toInt(row.attempts, 'attempts'),
    nextAttemptAt: fromTimestamp(row.next_attempt_at, 'next_attempt_at'),
    reason: row.reason,
    inputDigest: row.input_digest,
    result: row.result === null ? null : (JSON.parse(row.result) as WorkResult),
    attestation: row.attestation,
    settlement: toSettlement(row.settlement),
    settlementReason: row.settlement_reason,
    followUpDone: fromFlag(row.follow_up_done),
    discoveredAt: fromTimestamp(row.discovered_at, 'discovered_at'),
    updatedAt: fromTimestamp(row.updated_at, 'updated_at'),
    finishedAt: row.finished_at === null ? null : fromTimestamp(row.finished_at, 'finished_at'),
  };
}

export function toEvent(row: Selectable<JobWorkEventsTable>): JobWorkEvent {
  return {
    queueJobId: toBigInt(row.queue_job_id, 'queue_job_id'),
    stage: row.stage,
    at: fromTimestamp(row.at, 'at'),
    detail: row.detail,
  };
}
