import { AdmissionStage } from './admission-stage';
import { JobFollowUp } from './job-follow-up';
import { CUSTODY, EngineWorld, engineConfig } from './testing/engine-world';

function admissionOf(world: EngineWorld): AdmissionStage {
  const followUp = new JobFollowUp(world.stores, world.config);
  return new AdmissionStage(
    world.stores,
    world.ledger,
    world.policy,
    world.payloads,
    followUp,
    world.config,
    world.env,
  );
}

describe('AdmissionStage', () => {
  it('admits a due job with its input and queues it, one timeline line per move', async () => {
    const world = new EngineWorld();
    await world.ledgerJob(1n);
    await admissionOf(world).admitDue(world.finalized);
    const work = await world.work.get(1n);
    expect(work).toMatchObject({ state: 'queued', nextAttemptAt: world.clock.now(), reason: null });
    expect(await world.contents.get(work!.inputDigest as never)).not.toBeNull();
    expect(await world.timeline(1n)).toEqual(['discovered', 'admitted: ocr:pp-ocrv4', 'queued']);
    expect(world.stages.map((s) => s.stage)).toEqual(['admitted', 'queued']);
    expect(world.outbox.keys()).toEqual([]);
  });

  it('asks for the custodial deposit when the job has no active escrow, and only then', async () => {
    const world = new EngineWorld();
    world.config = engineConfig({
      settlement: { mode: 'custodial', custody: CUSTODY, depositPlanck: 5n, graceBlocks: 10 },
    });
    await world.ledgerJob(1n);
    await world.ledgerJob(2n);
    world.projections.escrows.set(2n, {
      jobId: 2n,
      owner: CUSTODY,
      provider: null,
      amount: 5n,
      released: false,
      refunded: false,
      depositedBlock: 1n,
      updated: { block: 1n, seq: 0 },
    });
    await admissionOf(world).admitDue(world.finalized);
    expect(await world.state(1n)).toBe('queued');
    expect(await world.state(2n)).toBe('queued');
    expect(world.outbox.enqueued).toEqual([
      expect.objectContaining({
        idempotencyKey: 'job:1:deposit',
        message: 'deposit_for_job',
        value: 5n,
        signerRole: 'custody',
      }),
    ]);
  });

  it('rejects a job the policy refuses, with its code and reason', async () => {
    const world = new EngineWorld();
    world.verdict = () => Promise.resolve({ kind: 'reject', code: 'BUDGET', reason: 'too low' });
    await world.ledgerJob(1n);
    await admissionOf(world).admitDue(world.finalized);
    expect(await world.work.get(1n)).toMatchObject({
      state: 'rejected',
      reason: 'BUDGET: too low',
      finishedAt: world.clock.now(),
    });
    expect(await world.timeline(1n)).toEqual(['discovered', 'rejected: BUDGET: too low']);
  });

  it('defers an undecidable job with a backoff and takes it again only when due', async () => {
    const world = new EngineWorld();
    const admit = world.verdict;
    world.verdict = () => Promise.resolve({ kind: 'retry', reason: 'content not uploaded' });
    await world.ledgerJob(1n);
    const stage = admissionOf(world);
    const start = world.clock.now().getTime();
    await stage.admitDue(world.finalized);
    const deferred = await world.work.get(1n);
    expect(deferred).toMatchObject({ state: 'discovered', reason: 'content not uploaded' });
    // the first backoff delay lies in [baseMs / 2, baseMs]
    const delay = deferred!.nextAttemptAt.getTime() - start;
    expect(delay).toBeGreaterThanOrEqual(500);
    expect(delay).toBeLessThanOrEqual(1_000);
    expect(await world.timeline(1n)).toEqual(['discovered']);

    world.verdict = admit;
    await stage.admitDue(world.finalized);
    expect(await world.state(1n)).toBe('discovered');
    world.clock.advance(delay);
    await stage.admitDue(world.finalized);
    expect(await world.state(1n)).toBe('queued');
  });

  it('expires an undecidable job once its deadline block has passed', async () => {
    const world = new EngineWorld();
    world.verdict = () => Promise.resolve({ kind: 'retry', reason: 'content not uploaded' });
    world.chainJob(1n, { deadline: 50 });
    await world.ledgerJob(1n);
    await admissionOf(world).admitDue(50);
    expect(await world.work.get(1n)).toMatchObject({
      state: 'expired',
      reason: 'deadline passed before admission: content not uploaded',
    });
  });

  it('cancels a job its owner cancelled on-chain without asking the policy', async () => {
    const world = new EngineWorld();
    let asked = 0;
    world.verdict = () => {
      asked += 1;
      return Promise.resolve({ kind: 'reject', code: 'X', reason: 'x' });
    };
    await world.ledgerJob(1n);
    world.setChainStatus(1n, 'Cancelled');
    await admissionOf(world).admitDue(world.finalized);
    expect(await world.state(1n)).toBe('cancelled');
    expect(asked).toBe(0);
  });

  it('reads a private job from its confidential payload, and rejects an unreadable one', async () => {
    const world = new EngineWorld();
    world.chainJob(1n, { privacyRequired: true, modelRef: 'hidden', dataRef: 'hidden' });
    world.chainJob(2n, { privacyRequired: true });
    world.chainJob(3n, { privacyRequired: true });
    for (const id of [1n, 2n, 3n]) {
      await world.ledgerJob(id);
    }
    world.confidential = (id) =>
      id === 1n
        ? { found: true, cid: 11n, refs: { modelRef: 'ocr:pp-ocrv4', dataRef: 'text:secret' } }
        : id === 2n
          ? { found: true, cid: 12n, error: 'not valid JSON' }
          : { found: false };
    const seen: string[] = [];
    const policy = world.verdict;
    world.verdict = (work, refs) => {
      seen.push(`${work.queueJobId} ${refs.modelRef} ${refs.dataRef}`);
      return policy(work, refs);
    };
    await admissionOf(world).admitDue(world.finalized);
    expect(seen).toEqual(['1 ocr:pp-ocrv4 text:secret']);
    expect(await world.work.get(1n)).toMatchObject({
      state: 'queued',
      confidentialId: 11n,
      modelRef: 'ocr:pp-ocrv4',
      dataRef: 'text:secret',
    });
    expect(await world.work.get(2n)).toMatchObject({
      state: 'rejected',
      confidentialId: 12n,
      reason: 'confidential payload 12: not valid JSON',
    });
    expect(await world.work.get(3n)).toMatchObject({
      state: 'discovered',
      reason: 'waiting for the confidential payload on-chain',
    });
  });

  it('queues a job a crash left admitted', async () => {
    const world = new EngineWorld();
    await world.ledgerJob(1n, { state: 'admitted', inputDigest: 'sha256:' + '00'.repeat(32) });
    await admissionOf(world).admitDue(world.finalized);
    expect(await world.state(1n)).toBe('queued');
    expect(await world.timeline(1n)).toEqual(['discovered', 'queued']);
  });

  it('leaves a job another instance moved meanwhile alone', async () => {
    const world = new EngineWorld();
    await world.ledgerJob(1n);
    world.work.beforeNextTransition = async () => {
      const work = await world.work.get(1n);
      world.work.seed({ ...work!, state: 'cancelled' });
    };
    await admissionOf(world).admitDue(world.finalized);
    expect(await world.state(1n)).toBe('cancelled');
    expect(await world.timeline(1n)).toEqual(['discovered']);
    expect(world.stages).toEqual([]);
  });
});
