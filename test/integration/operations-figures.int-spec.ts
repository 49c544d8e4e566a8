import type { NewJobWork } from '../../src/jobs/engine';
import { SqlLeaseRepository, SqlOperationsFigures, SqlStorage } from '../../src/storage';
import { TEST_DIALECTS, truncateStorageTables, useMigratedDatabase } from '../support/databases';
import {
  blockRef,
  ManualClock,
  newChainAction,
  newChainEvent,
  testStorageContext,
} from '../support/storage-fixtures';

function newWork(queueJobId: bigint): NewJobWork {
  return {
    queueJobId,
    provider: `0x${'aa'.repeat(20)}`,
    owner: `0x${'bb'.repeat(20)}`,
    modelRef: 'ocr:pp-ocrv4',
    dataRef: 'data:,x',
    budget: 1n,
    deadlineBlock: 500,
    privacyRequired: false,
  };
}

describe.each(TEST_DIALECTS)('the dashboard figures over SQL on %s', (dialect) => {
  const db = useMigratedDatabase(dialect);
  let clock: ManualClock;
  let storage: SqlStorage;
  let figures: SqlOperationsFigures;

  beforeEach(async () => {
    await truncateStorageTables(db.database);
    clock = new ManualClock();
    storage = new SqlStorage(db.database, testStorageContext(clock, 'main'));
    figures = new SqlOperationsFigures(db.database);
  });

  it('sums the final Released and Refunded amounts exactly, past 64 bits', async () => {
    const big = 2n ** 70n + 12_345n;
    const escrowEvent = (index: number, eventName: string, amount: bigint, isFinal = true) =>
      newChainEvent({
        block: blockRef(BigInt(10 + index)),
        isFinal,
        contract: 'paymentEscrow',
        eventName,
        decoded: { jobId: BigInt(index), amount },
      });
    await storage.events.insertMany([
      escrowEvent(1, 'Released', big),
      escrowEvent(2, 'Released', 5n),
      escrowEvent(3, 'Refunded', 7n),
      escrowEvent(4, 'Released', 1_000n, false), // tentative: not paid yet
      escrowEvent(5, 'Deposited', 99n),
    ]);
    expect(await figures.settledTotals()).toEqual({
      released: { count: 2, amount: big + 5n },
      refunded: { count: 1, amount: 7n },
    });
  });

  it('reports each job stage from the work ledger and the finalized follow-up actions', async () => {
    const start = clock.now().getTime();
    const at = (ms: number) => new Date(start + ms);
    await storage.work.insertDiscovered(newWork(7n), at(0), null);
    for (const [from, move, stage, ms] of [
      ['discovered', 'admit', 'admitted', 100],
      ['admitted', 'queue', 'queued', 110],
      ['queued', 'start', 'running', 150],
      ['running', 'succeed', 'succeeded', 2_000],
      ['succeeded', 'follow-up', 'settlement-released', 9_000],
    ] as const) {
      await storage.work.transition(
        { queueJobId: 7n, from, move, patch: {}, lines: [{ stage, detail: null }] },
        at(ms),
      );
    }
    clock.advance(5_000);
    for (const step of ['record_attestation', 'mark_completed', 'mark_in_progress']) {
      await storage.actions.enqueue(
        newChainAction({ idempotencyKey: `job:7:${step}`, message: step }),
      );
      const claimed = (await storage.actions.claimNext(30_000))!;
      const submitted = await storage.actions.markSubmitted(claimed, `0x${'ab'.repeat(32)}`);
      const included = await storage.actions.markIncluded(submitted, blockRef(20n));
      await storage.actions.markFinalized(included, blockRef(20n).hash);
    }

    const samples = await figures.pipelineSamples(new Date(start), 100);
    expect(samples.map((s) => [s.queueJobId, s.stage, s.at.getTime() - start])).toEqual([
      [7n, 'seen', 0],
      [7n, 'admitted', 100],
      [7n, 'running', 150],
      [7n, 'result', 2_000],
      [7n, 'attestation', 5_000],
      [7n, 'marks', 5_000],
      [7n, 'escrow', 9_000],
    ]);
    // a job whose row did not change since `since` is not read
    expect(await figures.pipelineSamples(new Date(start + 60_000), 100)).toEqual([]);
  });

  it('lists flagged escrows and tells who holds a lease', async () => {
    await storage.work.insertDiscovered(newWork(3n), clock.now(), null);
    await storage.work.insertDiscovered(newWork(4n), clock.now(), null);
    await storage.work.transition(
      { queueJobId: 3n, from: 'discovered', move: 'reject', patch: {}, lines: [] },
      clock.now(),
    );
    await storage.work.transition(
      {
        queueJobId: 3n,
        from: 'rejected',
        move: 'follow-up',
        patch: { settlement: 'flagged', settlementReason: 'deadline + grace passed' },
        lines: [],
      },
      clock.now(),
    );
    expect(await figures.flaggedEscrows(10)).toEqual({
      total: 1,
      items: [
        {
          queueJobId: 3n,
          reason: 'deadline + grace passed',
          deadlineBlock: 500,
          updatedAt: clock.now(),
        },
      ],
    });
    expect(await figures.leaseHolder('chain-follower')).toBeNull();
    await new SqlLeaseRepository(db.database.db, db.database.dialect).acquire(
      'chain-follower',
      'instance-a',
      10_000,
    );
    expect((await figures.leaseHolder('chain-follower'))?.holder).toBe('instance-a');
    expect(await figures.pendingIntents()).toBe(0);
  });
});
