import type { ContractEvent, QueueJob } from '../contracts';
import { isAfter, type EventPosition, type ProjectedJob } from './projection-types';

export type QueueJobEvent = Extract<ContractEvent, { contract: 'aiJobQueue' }>;

/**
 * ai_job_queue (§3.6): the job row after `event`, or null when there is nothing to write (the
 * event is at or before the row's last applied position, or it names a job the projection does
 * not know: seed those with seedFromCounters). `snapshot` is `get_job` at the event's block; only
 * JobSubmitted needs it (model_ref, data_ref, deadline and privacy_required are not in the event).
 */
export function reduceQueueJob(
  current: ProjectedJob | null,
  event: QueueJobEvent,
  at: EventPosition,
  snapshot: QueueJob | null | undefined,
): ProjectedJob | null {
  if (current !== null && !isAfter(at, current.updated)) {
    return null;
  }
  if (event.name === 'JobSubmitted') {
    const { jobId, owner, budget } = event.fields;
    return {
      id: jobId,
      owner,
      budget,
      modelRef: snapshot?.modelRef ?? '',
      dataRef: snapshot?.dataRef ?? '',
      deadline: snapshot?.deadline ?? 0,
      privacyRequired: snapshot?.privacyRequired ?? false,
      status: 'Registered',
      assignedProvider: null,
      resultHash: null,
      completedBy: null,
      cancelCount: 0,
      submittedBlock: at.block,
      updated: at,
    };
  }
  if (current === null) {
    return null;
  }
  switch (event.name) {
    case 'JobAssigned':
      return {
        ...current,
        status: 'Assigned',
        assignedProvider: event.fields.provider,
        updated: at,
      };
    case 'JobStatusChanged':
      return { ...current, status: event.fields.newStatus, updated: at };
    case 'JobCompleted':
      return {
        ...current,
        status: 'Completed',
        resultHash: event.fields.resultHash,
        completedBy: event.fields.provider,
        updated: at,
      };
    case 'JobCancelled':
      // re-emitted on every repeated cancel (§3.7.4): the status stays, the count grows
      return { ...current, status: 'Cancelled', cancelCount: current.cancelCount + 1, updated: at };
  }
}

/** A job as `get_job` returns it. */
export function queueJobView(job: ProjectedJob): QueueJob {
  return {
    id: job.id,
    owner: job.owner,
    modelRef: job.modelRef,
    dataRef: job.dataRef,
    budget: job.budget,
    status: job.status,
    assignedProvider: job.assignedProvider,
    deadline: job.deadline,
    privacyRequired: job.privacyRequired,
  };
}
