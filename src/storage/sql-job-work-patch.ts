import type { Updateable } from 'kysely';
import type { JobWorkPatch } from '../jobs/engine';
import type { JobWorkTable } from './schema';
import { toDecimal, toFlag, toTimestamp } from './sql-values';

/** The `job_work` columns a patch writes (fields left undefined are not written). */
export function workPatchColumns(patch: JobWorkPatch): Updateable<JobWorkTable> {
  const set: Updateable<JobWorkTable> = {};
  if (patch.attempts !== undefined) {
    set.attempts = patch.attempts;
  }
  if (patch.nextAttemptAt !== undefined) {
    set.next_attempt_at = toTimestamp(patch.nextAttemptAt);
  }
  if (patch.reason !== undefined) {
    set.reason = patch.reason;
  }
  if (patch.inputDigest !== undefined) {
    set.input_digest = patch.inputDigest;
  }
  if (patch.result !== undefined) {
    set.result = patch.result && JSON.stringify(patch.result);
  }
  if (patch.attestation !== undefined) {
    set.attestation = patch.attestation;
  }
  if (patch.settlement !== undefined) {
    set.settlement = patch.settlement;
  }
  if (patch.settlementReason !== undefined) {
    set.settlement_reason = patch.settlementReason;
  }
  if (patch.followUpDone !== undefined) {
    set.follow_up_done = toFlag(patch.followUpDone);
  }
  if (patch.finishedAt !== undefined) {
    set.finished_at = patch.finishedAt && toTimestamp(patch.finishedAt);
  }
  if (patch.confidentialId !== undefined) {
    set.confidential_id =
      patch.confidentialId === null ? null : toDecimal(patch.confidentialId, 'cid');
  }
  if (patch.modelRef !== undefined) {
    set.model_ref = patch.modelRef;
  }
  if (patch.dataRef !== undefined) {
    set.data_ref = patch.dataRef;
  }
  return set;
}
