import { AttemptScheduler } from './attempt-scheduler';
import { JobFollowUp } from './job-follow-up';
import type { JobWork } from './job-work';
import { EngineWorld, engineConfig, okOutcome } from './testing/engine-world';

const INPUT = new TextEncoder().encode('an image');

function schedulerOf(world: EngineWorld): AttemptScheduler {
  return new AttemptScheduler(
    world.stores,
    world.ledger,
    world.runner,
    world.attestor,
    new JobFollowUp(world.stores, world.config),
    world.config,
    world.env,
  );
}

/** A job admitted with its input and queued, due now. */
async function queuedJob(world: EngineWorld, id: bigint, extra: Partial<JobWork> = {}) {
  const inputDigest = await world.contents.put(INPUT, 'image/png');
  return world.ledgerJob(id, { state: 'queued', inputDigest, ...extra });
}

describe('AttemptScheduler', () => {
  it('runs a queued job, keeps its output, attests it and marks it in progress on-chain', async () => {
    const world = new EngineWorld();
    world.runner.outcomes.push(okOutcome('the text', 42));
    await queuedJob(world, 1n);
    const scheduler = schedulerOf(world);
    await scheduler.startDue(world.finalized);
    await scheduler.whenIdle();

    const work = await world.work.get(1n);
    expect(work).toMatchObject({ state: 'succeeded', attempts: 1, reason: null });
    const output = await world.contents.get(work!.result!.outputDigest as never);
    expect(new TextDecoder().decode(output!.bytes)).toBe('the text');
    expect(work!.result).toMatchObject({ durationMs: 42, executorVersion: 'ocr@1' });
    expect(JSON.parse(work!.attestation!)).toEqual({
      job: '1',
      output: work!.result!.outputDigest,
    });
    expect(world.runner.requests).toEqual([{ modelRef: 'ocr', timeoutMs: 10_000 }]);
    expect(world.outbox.keys()).toEqual(['job:1:mark_in_progress']);
    expect(await world.timeline(1n)).toEqual(['discovered', 'running: attempt 1', 'succeeded']);
    expect(scheduler.runningCount()).toBe(0);
  });

  it('runs no more attempts at once than it has slots', async () => {
    const world = new EngineWorld();
    for (const id of [1n, 2n, 3n]) {
      await queuedJob(world, id);
    }
    const scheduler = schedulerOf(world);
    await scheduler.startDue(world.finalized);
    expect(scheduler.runningCount()).toBe(2);
    expect((await world.work.countByState()).running).toBe(2);
    expect((await world.work.countByState()).queued).toBe(1);
    await scheduler.drain(0);
  });

  it('queues a failed attempt again after a backoff, with the reason on the timeline', async () => {
    const world = new EngineWorld();
    world.runner.outcomes.push({ status: 'error', kind: 'timeout', message: 'over 10 s' });
    await queuedJob(world, 1n);
    const scheduler = schedulerOf(world);
    const start = world.clock.now().getTime();
    await scheduler.startDue(world.finalized);
    await scheduler.whenIdle();
    const work = await world.work.get(1n);
    expect(work).toMatchObject({ state: 'queued', attempts: 1, reason: 'timeout: over 10 s' });
    const delay = work!.nextAttemptAt.getTime() - start;
    expect(delay).toBeGreaterThanOrEqual(500);
    expect(delay).toBeLessThanOrEqual(1_000);
    expect(await world.timeline(1n)).toEqual([
      'discovered',
      'running: attempt 1',
      'queued: timeout: over 10 s',
      `retry-scheduled: timeout: over 10 s; retry in ${delay} ms`,
    ]);

    // not before the backoff has passed
    await scheduler.startDue(world.finalized);
    expect(scheduler.runningCount()).toBe(0);
    world.clock.advance(delay);
    world.runner.outcomes.push(okOutcome());
    await scheduler.startDue(world.finalized);
    await scheduler.whenIdle();
    expect(await world.work.get(1n)).toMatchObject({ state: 'succeeded', attempts: 2 });
  });

  it('fails the job once MAX_RETRIES retries have failed', async () => {
    const world = new EngineWorld();
    world.config = engineConfig({ maxRetries: 1 });
    const scheduler = schedulerOf(world);
    await queuedJob(world, 1n);
    for (let attempt = 1; attempt <= 2; attempt++) {
      world.runner.outcomes.push({ status: 'error', kind: 'failed', message: `boom ${attempt}` });
      await scheduler.startDue(world.finalized);
      await scheduler.whenIdle();
      world.clock.advance(60_000);
    }
    expect(await world.work.get(1n)).toMatchObject({
      state: 'failed',
      attempts: 2,
      reason: '2 attempts failed; last: failed: boom 2',
    });
    expect(world.runner.requests).toHaveLength(2);
  });

  it('fails a job whose retry would start after MAX_EXECUTION_TIME', async () => {
    const world = new EngineWorld();
    world.config = engineConfig({ maxExecutionMs: 100 });
    world.runner.outcomes.push({ status: 'error', kind: 'failed', message: 'boom' });
    await queuedJob(world, 1n);
    const scheduler = schedulerOf(world);
    await scheduler.startDue(world.finalized);
    await scheduler.whenIdle();
    expect(await world.work.get(1n)).toMatchObject({ state: 'failed' });
    expect((await world.work.get(1n))?.reason).toMatch(/^no retry 100 ms after discovery/);
  });

  it('fails an attempt with invalid input at once, without a retry', async () => {
    const world = new EngineWorld();
    world.runner.outcomes.push({ status: 'invalid-input', message: 'not an image' });
    await queuedJob(world, 1n);
    const scheduler = schedulerOf(world);
    await scheduler.startDue(world.finalized);
    await scheduler.whenIdle();
    expect(await world.work.get(1n)).toMatchObject({
      state: 'failed',
      attempts: 1,
      reason: 'invalid input: not an image',
    });
  });

  it('counts an attempt whose input is missing from the content store as a failed attempt', async () => {
    const world = new EngineWorld();
    await world.ledgerJob(1n, { state: 'queued', inputDigest: 'sha256:' + 'ee'.repeat(32) });
    const scheduler = schedulerOf(world);
    await scheduler.startDue(world.finalized);
    await scheduler.whenIdle();
    expect(await world.work.get(1n)).toMatchObject({ state: 'queued', attempts: 1 });
    expect((await world.work.get(1n))?.reason).toMatch(/missing from the content store/);
    expect(world.runner.requests).toEqual([]);
  });

  it('expires a job whose deadline passed, and cancels one its owner cancelled, before running', async () => {
    const world = new EngineWorld();
    world.chainJob(1n, { deadline: 100 });
    await queuedJob(world, 1n);
    await queuedJob(world, 2n);
    world.setChainStatus(2n, 'Cancelled');
    const scheduler = schedulerOf(world);
    await scheduler.startDue(100);
    expect(await world.work.get(1n)).toMatchObject({
      state: 'expired',
      reason: 'deadline block 100 passed',
    });
    expect(await world.state(2n)).toBe('cancelled');
    expect(world.runner.requests).toEqual([]);
  });

  it('counts an attempt whose owner died (its lease ran out) and decides again', async () => {
    const world = new EngineWorld();
    await queuedJob(world, 1n, { state: 'running', attempts: 1 });
    const scheduler = schedulerOf(world);
    await scheduler.startDue(world.finalized);
    const work = await world.work.get(1n);
    expect(work).toMatchObject({
      state: 'queued',
      attempts: 1,
      reason: 'crashed: the attempt was interrupted (service restart or crash)',
    });
    expect(world.runner.requests).toEqual([]);
  });

  it('hands a running attempt back uncounted when the engine drains', async () => {
    const world = new EngineWorld();
    await queuedJob(world, 1n);
    const scheduler = schedulerOf(world);
    await scheduler.startDue(world.finalized);
    expect(await world.work.get(1n)).toMatchObject({ state: 'running', attempts: 1 });
    await scheduler.drain(0);
    expect(await world.work.get(1n)).toMatchObject({
      state: 'queued',
      attempts: 0,
      nextAttemptAt: world.clock.now(),
    });
    expect(scheduler.runningCount()).toBe(0);
    await scheduler.startDue(world.finalized);
    expect(scheduler.runningCount()).toBe(0);
  });

  it('stops the attempt of a job cancelled on-chain or in the ledger (operator)', async () => {
    const world = new EngineWorld();
    await queuedJob(world, 1n);
    await queuedJob(world, 2n);
    const scheduler = schedulerOf(world);
    await scheduler.startDue(world.finalized);
    await scheduler.abortCancelled();
    expect(scheduler.runningCount()).toBe(2);

    world.setChainStatus(1n, 'Cancelled');
    const running = await world.work.get(2n);
    world.work.seed({ ...running!, state: 'cancelled', reason: 'cancelled by operator alice' });
    await scheduler.abortCancelled();
    await scheduler.whenIdle();
    expect(await world.work.get(1n)).toMatchObject({
      state: 'cancelled',
      reason: 'the owner cancelled the job on-chain',
    });
    expect(await world.work.get(2n)).toMatchObject({
      state: 'cancelled',
      reason: 'cancelled by operator alice',
    });
    expect(scheduler.runningCount()).toBe(0);
  });

  it('aborts an attempt of this process on request, and answers false for any other', async () => {
    const world = new EngineWorld();
    await queuedJob(world, 1n);
    const scheduler = schedulerOf(world);
    await scheduler.startDue(world.finalized);
    expect(scheduler.abort(2n)).toBe(false);
    expect(scheduler.abort(1n)).toBe(true);
    await scheduler.whenIdle();
    expect(scheduler.runningCount()).toBe(0);
  });
});
