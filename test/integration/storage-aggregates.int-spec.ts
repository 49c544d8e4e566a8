import type { H160 } from '../../src/contracts/types';
import type {
  JobWorkPatch,
  JobWorkState,
  NewJobWork,
  WorkMove,
  WorkResult,
} from '../../src/jobs/engine';
import { SqlProjectionTotals, SqlStorage } from '../../src/storage';
import type { ChainActionRef } from '../../src/chain/tx';
import { TEST_DIALECTS, truncateStorageTables, useMigratedDatabase } from '../support/databases';
import {
  blockRef,
  ManualClock,
  newChainAction,
  newChainEvent,
  testStorageContext,
} from '../support/storage-fixtures';

const OWNER: H160 = `0x${'bb'.repeat(20)}`;

function newWork(queueJobId: bigint): NewJobWork {
  return {
    queueJobId,
    provider: `0x${'aa'.repeat(20)}`,
    owner: OWNER,
    modelRef: 'ocr:pp-ocrv4',
    dataRef: 'data:,x',
    budget: 1n,
    deadlineBlock: 1_000,
    privacyRequired: false,
  };
}

function result(durationMs: number, executorVersion = 'ocr@1'): WorkResult {
  const digest = `sha256:${'0'.repeat(64)}`;
  return {
    inputDigest: digest,
    modelDigest: digest,
    outputDigest: digest,
    outputMediaType: 'text/plain',
    executorVersion,
    summary: {},
    artifacts: {},
    durationMs,
  };
}

describe.each(TEST_DIALECTS)('aggregate reads for /stats and /metrics on %s', (dialect) => {
  const db = useMigratedDatabase(dialect);
  let clock: ManualClock;
  let storage: SqlStorage;

  beforeEach(async () => {
    await truncateStorageTables(db.database);
    clock = new ManualClock();
    storage = new SqlStorage(db.database, testStorageContext(clock, 'main'));
  });

  /** A job walked discovered → admitted (+a ms) → running (+b ms) → succeeded (+c ms). */
  async function workedJob(id: bigint, a: number, b: number, c: number, durationMs: number) {
    const start = clock.now().getTime();
    const at = (ms: number) => new Date(start + ms);
    const move = (
      from: JobWorkState,
      move: WorkMove,
      ms: number,
      patch: JobWorkPatch = {},
      stage: string | null = null,
    ) =>
      storage.work.transition(
        {
          queueJobId: id,
          from,
          move,
          patch,
          lines: stage === null ? [] : [{ stage, detail: null }],
        },
        at(ms),
      );
    await storage.work.insertDiscovered(newWork(id), at(0), null);
    await move('discovered', 'admit', a, {}, 'admitted');
    await move('admitted', 'queue', a);
    await move('queued', 'start', a + b, {}, 'running');
    await move('running', 'retry', a + b + 1);
    await move('queued', 'start', a + b + 5_000, {}, 'running'); // the span starts at the first attempt
    await move('running', 'succeed', a + b + c, {
      result: result(durationMs),
      finishedAt: at(a + b + c),
    });
    await move('succeeded', 'follow-up', a + b + c, { settlement: 'released' });
  }

  it('buckets the engine stage spans and the executor durations per job', async () => {
    await workedJob(1n, 200, 1_500, 30_000, 900);
    await workedJob(2n, 50, 20_000, 2_000, 1_600);
    await storage.work.insertDiscovered(newWork(3n), clock.now(), null); // not admitted yet

    const spans = await storage.work.stageLatencies([100, 1_000, 10_000]);
    expect(spans.discovered_admitted).toEqual({ counts: [1, 1, 0, 0], sum: 250, count: 2 });
    expect(spans.admitted_running).toEqual({ counts: [0, 0, 1, 1], sum: 21_500, count: 2 });
    expect(spans.running_finished).toEqual({ counts: [0, 0, 1, 1], sum: 32_000, count: 2 });
    expect(spans.discovered_finished.count).toBe(2);
    expect(spans.discovered_finished.sum).toBe(31_700 + 22_050);

    expect(await storage.work.executorDurations([1_000])).toEqual([
      { executor: 'ocr@1', buckets: { counts: [1, 1], sum: 2_500, count: 2 } },
    ]);
    expect(await storage.work.executionPercentiles([0.5, 0.95])).toEqual({
      count: 2,
      valuesMs: [900, 1_600],
    });
    expect(await storage.work.countBySettlement()).toMatchObject({ released: 2, none: 1 });
  });

  it('has no percentiles before any job succeeded', async () => {
    expect(await storage.work.executionPercentiles([0.5])).toEqual({ count: 0, valuesMs: [null] });
  });

  it('times finalized actions: inclusion blocks from the era birth, seconds from signing', async () => {
    const signedAndSubmitted = async (key: string): Promise<ChainActionRef> => {
      await storage.actions.enqueue(newChainAction({ idempotencyKey: key }));
      const claimed = (await storage.actions.claimNext(30_000))!;
      const signedAt = clock.now();
      clock.advance(12_000);
      return storage.actions.recordSignedTx(
        claimed,
        {
          txHash: `0x${key.length.toString(16).padStart(64, '0')}`,
          bytes: '0x00',
          signerAddress: '5Worker',
          nonce: 0n,
          eraBirth: 100n,
          eraDeath: 164n,
          signedAt,
        },
        new Date(clock.now().getTime() + 30_000),
      );
    };
    const included = await storage.actions.markIncluded(
      await signedAndSubmitted('a'),
      blockRef(103n),
    );
    await storage.actions.markFinalized(included, blockRef(103n).hash);
    // Straight to finalized: the block number comes from a stored event of that block.
    await storage.events.insertMany([newChainEvent({ block: blockRef(107n), isFinal: true })]);
    await storage.actions.markFinalized(await signedAndSubmitted('b'), blockRef(107n).hash);
    await storage.actions.enqueue(newChainAction({ idempotencyKey: 'c' })); // still pending

    const [timings] = await storage.actions.timingHistograms({
      inclusionBlocks: [3, 5],
      finalitySeconds: [10, 20],
    });
    expect(timings).toEqual({
      message: 'mark_completed',
      inclusionBlocks: { counts: [1, 0, 1], sum: 10, count: 2 },
      finalitySeconds: { counts: [0, 2, 0], sum: 24, count: 2 },
      extraAttempts: 0,
    });
    expect(await storage.actions.countByStatus()).toMatchObject({ finalized: 2, pending: 1 });
  });

  it('sums escrow amounts exactly, past 2^64 and past 2^53 per chunk', async () => {
    const totals = new SqlProjectionTotals(db.database);
    const big = 3n * 10n ** 37n + 123_456_789_012_345_678_901n;
    const escrow = (jobId: bigint, amount: bigint, released = false) =>
      storage.projections.upsertEscrow({
        jobId,
        owner: OWNER,
        provider: null,
        amount,
        released,
        refunded: false,
        depositedBlock: 1n,
        updated: { block: 1n, seq: 0 },
      });
    await escrow(1n, big);
    await escrow(2n, 999_999_999n);
    await escrow(3n, 0n, true);
    const read = await totals.read();
    expect(read.escrows).toEqual({
      held: { count: 2, amount: big + 999_999_999n },
      released: { count: 1, amount: 0n },
      refunded: { count: 0, amount: 0n },
    });
    expect(read.jobsByStatus.Completed).toBe(0);
  });
});
