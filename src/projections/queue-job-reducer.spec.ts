import type { QueueJob } from '../contracts/types';
import { queueJobView, reduceQueueJob, type QueueJobEvent } from './queue-job-reducer';
import type { ProjectedJob } from './projection-types';

const OWNER = '0x9621dde636de098b43efb0fa9b61facfe328f99d';
const PROVIDER = '0x1111111111111111111111111111111111111111';
const at = (block: bigint, seq = 0) => ({ block, seq });
const ev = (e: Omit<QueueJobEvent, 'contract'>): QueueJobEvent =>
  ({ contract: 'aiJobQueue', ...e }) as QueueJobEvent;

const snapshot: QueueJob = {
  id: 1n,
  owner: OWNER,
  modelRef: 'model:gpu:x',
  dataRef: 'data:1:y',
  budget: 5n,
  status: 'Assigned',
  assignedProvider: PROVIDER,
  deadline: 9000,
  privacyRequired: true,
};

function submitted(): ProjectedJob {
  const job = reduceQueueJob(
    null,
    ev({ name: 'JobSubmitted', fields: { jobId: 1n, owner: OWNER, budget: 5n } }),
    at(10n),
    snapshot,
  );
  if (!job) {
    throw new Error('no job');
  }
  return job;
}

describe('reduceQueueJob', () => {
  it('creates a Registered job from JobSubmitted with the getter-only fields from the snapshot', () => {
    expect(submitted()).toEqual({
      ...snapshot,
      status: 'Registered',
      assignedProvider: null,
      resultHash: null,
      completedBy: null,
      cancelCount: 0,
      submittedBlock: 10n,
      updated: at(10n),
    });
  });

  it('follows assign, in progress and completion and keeps the result hash from the event', () => {
    let job = submitted();
    job = reduceQueueJob(
      job,
      ev({ name: 'JobAssigned', fields: { jobId: 1n, provider: PROVIDER } }),
      at(11n),
      undefined,
    )!;
    job = reduceQueueJob(
      job,
      ev({ name: 'JobStatusChanged', fields: { jobId: 1n, newStatus: 'InProgress' } }),
      at(12n),
      undefined,
    )!;
    job = reduceQueueJob(
      job,
      ev({
        name: 'JobCompleted',
        fields: { jobId: 1n, provider: PROVIDER, resultHash: 'sha256:ab' },
      }),
      at(13n),
      undefined,
    )!;
    expect(job).toMatchObject({
      status: 'Completed',
      assignedProvider: PROVIDER,
      resultHash: 'sha256:ab',
      completedBy: PROVIDER,
    });
    expect(queueJobView(job)).toEqual({ ...snapshot, status: 'Completed' });
  });

  it('counts repeated JobCancelled events but stays Cancelled', () => {
    let job = submitted();
    job = reduceQueueJob(
      job,
      ev({ name: 'JobCancelled', fields: { jobId: 1n } }),
      at(11n),
      undefined,
    )!;
    job = reduceQueueJob(
      job,
      ev({ name: 'JobCancelled', fields: { jobId: 1n } }),
      at(12n),
      undefined,
    )!;
    expect(job).toMatchObject({ status: 'Cancelled', cancelCount: 2, updated: at(12n) });
  });

  it('skips an event at or before the last applied position (replay)', () => {
    const job = submitted();
    const cancelled = reduceQueueJob(
      job,
      ev({ name: 'JobCancelled', fields: { jobId: 1n } }),
      at(11n, 3),
      undefined,
    )!;
    expect(
      reduceQueueJob(
        cancelled,
        ev({ name: 'JobCancelled', fields: { jobId: 1n } }),
        at(11n, 3),
        undefined,
      ),
    ).toBeNull();
    expect(
      reduceQueueJob(
        cancelled,
        ev({ name: 'JobCancelled', fields: { jobId: 1n } }),
        at(11n, 2),
        undefined,
      ),
    ).toBeNull();
  });

  it('ignores events of a job it does not know', () => {
    expect(
      reduceQueueJob(null, ev({ name: 'JobCancelled', fields: { jobId: 7n } }), at(1n), undefined),
    ).toBeNull();
  });

  it('still creates the job when the snapshot is missing', () => {
    const job = reduceQueueJob(
      null,
      ev({ name: 'JobSubmitted', fields: { jobId: 2n, owner: OWNER, budget: 1n } }),
      at(1n),
      null,
    );
    expect(job).toMatchObject({
      id: 2n,
      modelRef: '',
      dataRef: '',
      deadline: 0,
      privacyRequired: false,
    });
  });
});
