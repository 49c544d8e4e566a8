import { FollowUpStage } from './follow-up-stage';
import { CANCELLED_SCAN_EVERY_MS, JobDiscovery } from './job-discovery';
import { JobEngine } from './job-engine';
import { EngineWorld, OWNER, PROVIDER, okOutcome } from './testing/engine-world';
import { waitFor } from '../../../test/support/wait-for';
import { WorkLedger } from './work-ledger';
import { IllegalWorkTransitionError } from './work-state-machine';
import type { RunOutcome } from './job-runner';
import type { ProjectedEscrow } from '../../projections';

const OTHER_PROVIDER = '0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';

function userEscrow(jobId: bigint, overrides: Partial<ProjectedEscrow> = {}): ProjectedEscrow {
  return {
    jobId,
    owner: OWNER,
    provider: PROVIDER,
    amount: 1_000n,
    released: false,
    refunded: false,
    depositedBlock: 1n,
    updated: { block: 1n, seq: 0 },
    ...overrides,
  };
}

describe('JobDiscovery', () => {
  it('enters every Assigned or InProgress job of our providers once, as discovered', async () => {
    const world = new EngineWorld();
    world.chainJob(1n);
    world.chainJob(2n, { status: 'InProgress' });
    world.chainJob(3n, { status: 'Completed' });
    world.chainJob(4n, { status: 'Registered', assignedProvider: null });
    world.chainJob(5n, { assignedProvider: OTHER_PROVIDER });
    const discovery = new JobDiscovery(world.projections, world.ledger, [PROVIDER], () =>
      world.clock.now(),
    );
    await discovery.discover();
    await discovery.discover();
    // a restarted engine asks the ledger again: still once
    await new JobDiscovery(world.projections, world.ledger, [PROVIDER], () =>
      world.clock.now(),
    ).discover();

    const rows = await world.work.list({ limit: 10 });
    expect(rows.map((w) => w.queueJobId).sort()).toEqual([1n, 2n]);
    expect(await world.work.get(2n)).toMatchObject({
      state: 'discovered',
      provider: PROVIDER,
      owner: OWNER,
      modelRef: 'ocr:pp-ocrv4',
      dataRef: 'text:job-2',
      budget: 1_000n,
      deadlineBlock: 1_000,
      privacyRequired: false,
    });
    expect(await world.timeline(1n)).toEqual([`discovered: assigned to ${PROVIDER}`]);
    expect(world.stages.map((s) => `${s.queueJobId} ${s.stage}`).sort()).toEqual([
      '1 discovered',
      '2 discovered',
    ]);
  });

  it('also enters a job its owner cancelled before any pass saw it assigned, on the first pass and then every scan interval', async () => {
    const world = new EngineWorld();
    world.chainJob(1n, { status: 'Cancelled' });
    const discovery = new JobDiscovery(world.projections, world.ledger, [PROVIDER], () =>
      world.clock.now(),
    );
    await discovery.discover();
    expect((await world.work.get(1n))?.state).toBe('discovered');

    world.chainJob(2n, { status: 'Cancelled' });
    world.clock.advance(CANCELLED_SCAN_EVERY_MS - 1);
    await discovery.discover();
    expect(await world.work.get(2n)).toBeNull();
    world.clock.advance(1);
    await discovery.discover();
    expect((await world.work.get(2n))?.state).toBe('discovered');

    world.chainJob(3n, { status: 'Cancelled' });
    discovery.rescanCancelled();
    await discovery.discover();
    expect((await world.work.get(3n))?.state).toBe('discovered');
  });
});

describe('WorkLedger', () => {
  it('refuses a move the state machine does not allow and writes and announces nothing', async () => {
    const world = new EngineWorld();
    const work = await world.ledgerJob(1n, { state: 'succeeded' });
    await expect(
      world.ledger.move(work, 'start', { attempts: 9 }, [{ stage: 'running', detail: null }]),
    ).rejects.toBeInstanceOf(IllegalWorkTransitionError);
    expect(await world.work.get(1n)).toMatchObject({ state: 'succeeded', attempts: 0 });
    expect(await world.timeline(1n)).toEqual(['discovered']);
    expect(world.stages).toEqual([]);
  });

  it('announces nothing for a move someone else made first', async () => {
    const world = new EngineWorld();
    const work = await world.ledgerJob(1n);
    await world.ledger.finish(work, 'cancel', 'by the owner');
    expect(await world.ledger.finish(work, 'reject', 'too late')).toBeNull();
    expect(await world.work.get(1n)).toMatchObject({ state: 'cancelled', reason: 'by the owner' });
    expect(world.stages.map((s) => s.stage)).toEqual(['cancelled']);
  });

  it('moves on when the listener throws', async () => {
    const world = new EngineWorld();
    const ledger = new WorkLedger(world.work, {
      ...world.env,
      listener: {
        onStage: () => {
          throw new Error('listener broke');
        },
      },
    });
    const work = await world.ledgerJob(1n);
    expect(await ledger.finish(work, 'reject', 'no')).toMatchObject({ state: 'rejected' });
  });
});

describe('FollowUpStage', () => {
  function followUpOf(world: EngineWorld): FollowUpStage {
    return new FollowUpStage(world.stores, world.ledger, world.attestor, world.config, world.env);
  }

  it('records the settlement of a finished job and ends its follow-up once settled', async () => {
    const world = new EngineWorld();
    await world.ledgerJob(1n, { state: 'rejected', reason: 'BUDGET: too low' });
    world.projections.escrows.set(1n, userEscrow(1n));
    const stage = followUpOf(world);
    await stage.advance(world.finalized);
    expect(await world.work.get(1n)).toMatchObject({
      state: 'rejected',
      settlement: 'awaiting-user',
      followUpDone: false,
    });
    await stage.advance(world.finalized);
    expect(await world.timeline(1n)).toEqual(['discovered', 'settlement-awaiting-user']);

    world.projections.escrows.set(1n, userEscrow(1n, { refunded: true }));
    await stage.advance(world.finalized);
    expect(await world.work.get(1n)).toMatchObject({ settlement: 'refunded', followUpDone: true });
    expect(await world.timeline(1n)).toEqual([
      'discovered',
      'settlement-awaiting-user',
      'settlement-refunded',
      'follow-up-done',
    ]);
    expect(await world.work.listFollowUps(null, 10)).toEqual([]);
  });

  it('keeps going past a job whose follow-up fails, and tries it again next pass', async () => {
    const world = new EngineWorld();
    await world.ledgerJob(1n, { state: 'rejected' });
    await world.ledgerJob(2n, { state: 'rejected' });
    world.projections.escrows.set(1n, userEscrow(1n, { released: true }));
    world.projections.escrows.set(2n, userEscrow(2n, { refunded: true }));
    const getEscrow = world.projections.getEscrow;
    world.projections.getEscrow = (id) =>
      id === 1n ? Promise.reject(new Error('database away')) : getEscrow(id);
    const stage = followUpOf(world);
    await stage.advance(world.finalized);
    expect(await world.work.get(1n)).toMatchObject({ settlement: 'none', followUpDone: false });
    expect(await world.work.get(2n)).toMatchObject({ settlement: 'refunded', followUpDone: true });

    world.projections.getEscrow = getEscrow;
    await stage.advance(world.finalized);
    expect(await world.work.get(1n)).toMatchObject({ settlement: 'released', followUpDone: true });
  });
});

describe('JobEngine', () => {
  const engineOf = (world: EngineWorld) =>
    new JobEngine(
      world.stores,
      world.policy,
      world.runner,
      world.attestor,
      world.payloads,
      world.config,
      world.env,
    );

  it('takes an assigned job from discovery to a result and its on-chain follow-up', async () => {
    const world = new EngineWorld();
    world.chainJob(1n);
    let finish: (outcome: RunOutcome) => void = () => undefined;
    world.runner.outcomes.push(new Promise((resolve) => (finish = resolve)));
    const engine = engineOf(world);
    await engine.tick();
    expect(engine.runningCount()).toBe(1);
    expect(await world.state(1n)).toBe('running');
    finish(okOutcome('the text'));
    await engine.stop(60_000);
    expect(await world.state(1n)).toBe('succeeded');
    expect(world.outbox.keys()).toEqual(['job:1:mark_in_progress']);

    await engine.tick();
    await engine.stop(0);
    // the next on-chain steps of a succeeded job are asked for once, by key
    expect(world.outbox.keys()).toEqual(['job:1:mark_in_progress', 'job:1:attestation_anchor']);
    expect((await world.timeline(1n)).map((line) => line.split(':')[0])).toEqual([
      'discovered',
      'admitted',
      'queued',
      'running',
      'succeeded',
    ]);
  });

  it('runs its next pass at once when woken and after each recorded attempt; the interval is only the fallback', async () => {
    const world = new EngineWorld();
    // the next pass would come in an hour: only wakes can start one sooner
    world.config = { ...world.config, pollIntervalMs: 3_600_000 };
    world.chainJob(1n);
    let finish: (outcome: RunOutcome) => void = () => undefined;
    world.runner.outcomes.push(new Promise((resolve) => (finish = resolve)));
    const engine = engineOf(world);
    engine.start();
    try {
      await waitFor(async () => (await world.state(1n)) === 'running', 10_000, 'job 1 running');
      // the attempt's outcome recorded: the follow-up asks for the anchor without waiting an hour
      finish(okOutcome('the text'));
      await waitFor(
        () => world.outbox.keys().includes('job:1:attestation_anchor'),
        10_000,
        "job 1's attestation anchor asked for",
      );
      // a job assigned now is seen when something wakes the engine (the follower, in the service)
      world.chainJob(2n);
      engine.wake();
      await waitFor(async () => (await world.state(2n)) !== undefined, 10_000, 'job 2 discovered');
    } finally {
      await engine.stop(0);
    }
  });
});
