import { formatDataRef } from '../../src/references';
import { renderTextImage } from '../fixtures/text-image';
import { waitFor } from '../support/wait-for';
import type { EpisodeRecord, FaultWorld, Recorder } from './episode-types';
import { timed } from './wallet-lock';

/** The graceful-drain episode (SIGTERM while a job's attempt runs), in its own file for its size. */

const DRAIN_LINES = Array.from({ length: 6 }, (_, i) => `DRAIN LINE ${i + 1} POLKAMESH FAULTS`);

/** A slow OCR job runs; SIGTERM then; the attempt finishes during the drain and the exit is 0. */
export async function sigtermMidAttempt(
  world: FaultWorld,
  record: Recorder,
  recovered: (since: number) => Promise<number | null>,
): Promise<EpisodeRecord> {
  const user = world.drainUser;
  const job = await timed(
    user.submitJob({
      modelRef: 'ocr:pp-ocrv4',
      dataRef: formatDataRef({
        kind: 'data-url',
        mediaType: 'image/png',
        bytes: renderTextImage(DRAIN_LINES),
      }),
      privacyRequired: false,
      budgetPlanck: 1_000_000_000n,
      deadlineBlocks: world.profile.deadlineBlocks,
    }),
    90_000,
    'the drain job',
  );
  await timed(user.assignProvider(job.id, world.workerH160), 90_000, 'assigning the drain job');
  const state = () =>
    world.deployment.database.db
      .selectFrom('job_work')
      .select(['state', 'attempts'])
      .where('queue_job_id', '=', job.id.toString())
      .executeTakeFirst();
  const running = await waitFor(
    async () => (await state())?.state === 'running',
    world.profile.recoveryTimeoutMs,
    `job ${job.id} running`,
    10,
  ).then(
    () => true,
    () => false,
  );
  const live = world.deployment.instances.filter((instance) => instance.isUp);
  const at = Date.now();
  const exits = await Promise.all(live.map((instance) => instance.terminate()));
  const row = await state();
  const timedOut = await attemptHitItsTimeLimit(world, job.id);
  await Promise.all(live.map((instance) => instance.start()));
  const badExit = exits.find((exit) => exit !== null && (exit.code !== 0 || exit.signal !== null));
  // An attempt that ended on its own JOB_TIMEOUT finished (as a failure) rather than being cut by
  // the drain: the promise "the running attempt finishes" holds, though it is not a success.
  const violation = !running
    ? undefined
    : badExit !== undefined
      ? `drain exited ${JSON.stringify(badExit)}`
      : timedOut
        ? undefined
        : row?.state !== 'succeeded' || Number(row.attempts) !== 1
          ? `job ${job.id} after the drain: ${row?.state} after ${row?.attempts} attempts (the running attempt should have finished)`
          : undefined;
  const seen = !running
    ? `(job ${job.id} never seen running)`
    : timedOut
      ? `while job ${job.id} ran (its attempt then hit JOB_TIMEOUT: drain not exercised)`
      : `while job ${job.id} ran`;
  return record(
    `SIGTERM ${live.map((i) => i.id).join(', ')} ${seen}; exits ${exits.map((e) => JSON.stringify(e)).join(', ')}`,
    await recovered(at),
    violation,
  );
}

/** Whether the job's timeline shows its first attempt ending on the job time limit. */
async function attemptHitItsTimeLimit(world: FaultWorld, jobId: bigint): Promise<boolean> {
  const lines = await world.deployment.database.db
    .selectFrom('job_work_events')
    .select(['stage', 'detail'])
    .where('queue_job_id', '=', jobId.toString())
    .execute();
  return lines.some(
    (line) =>
      (line.stage === 'retry-scheduled' || line.stage === 'failed') &&
      (line.detail ?? '').includes('timeout:'),
  );
}
