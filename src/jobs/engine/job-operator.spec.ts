import { AppError } from '../../shared';
import type { ChainAction } from '../../chain/tx';
import { JobOperator, type JobOperatorStores } from './job-operator';
import type { JobWork, JobWorkEvent } from './job-work';
import { InMemoryJobWorkRepository } from './testing/in-memory-job-work-repository';
import type { JobWorkState } from './work-state-machine';

const NOW = new Date('2026-01-02T03:04:05Z');

function newWork(overrides: Partial<JobWork> = {}): JobWork {
  return {
    queueJobId: 7n,
    provider: `0x${'aa'.repeat(20)}`,
    owner: `0x${'bb'.repeat(20)}`,
    modelRef: 'ocr:pp-ocrv4',
    dataRef: 'cas:sha256:' + '0'.repeat(64),
    budget: 100n,
    deadlineBlock: 1000,
    privacyRequired: false,
    confidentialId: null,
    state: 'queued',
    attempts: 1,
    nextAttemptAt: new Date(0),
    reason: null,
    inputDigest: null,
    result: null,
    attestation: null,
    settlement: 'none',
    settlementReason: null,
    followUpDone: false,
    discoveredAt: new Date(0),
    updatedAt: new Date(0),
    finishedAt: null,
    ...overrides,
  };
}

/** The ledger the operator sees (the in-memory fake, checked against the SQL repository). */
class LedgerWorld {
  readonly ledger = new InMemoryJobWorkRepository();
  aborted: bigint[] = [];
  finalized = 10n;
  jobStatus: string | null = 'Assigned';
  escrow: { released: boolean; refunded: boolean } | null = null;
  actionKeys: string[] = [];

  seed(work: JobWork): void {
    this.ledger.seed(work);
  }

  /** Runs once before the next transition: the engine moving the row meanwhile. */
  set beforeUpdate(hook: () => void) {
    this.ledger.beforeNextTransition = hook;
  }

  row(id = 7n): Promise<JobWork | null> {
    return this.ledger.get(id);
  }

  events(): Promise<JobWorkEvent[]> {
    return this.ledger.listEvents(7n);
  }

  stores(): JobOperatorStores {
    return {
      work: this.ledger,
      projections: {
        getJob: () =>
          Promise.resolve(this.jobStatus === null ? null : ({ status: this.jobStatus } as never)),
        getEscrow: () => Promise.resolve(this.escrow as never),
      },
      actions: {
        findByKeys: (keys) =>
          Promise.resolve(
            this.actionKeys
              .filter((k) => keys.includes(k))
              .map((k) => ({ idempotencyKey: k }) as ChainAction),
          ),
      },
      cursors: {
        get: () =>
          Promise.resolve({
            lane: 'finalized',
            block: { number: this.finalized, hash: '0x01' },
            version: 1,
            updatedAt: NOW,
          }),
      },
    };
  }

  operator(): JobOperator {
    return new JobOperator(
      this.stores(),
      {
        abortAttempt: (id) => {
          this.aborted.push(id);
          return true;
        },
      },
      () => NOW,
    );
  }
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('JobOperator.cancel', () => {
  it.each<JobWorkState>(['discovered', 'admitted', 'queued'])(
    'ends a %s job cancelled with the operator in the reason, without aborting anything',
    async (state) => {
      const world = new LedgerWorld();
      world.seed(newWork({ state }));
      const work = await world.operator().cancel(7n, 'alice');
      expect(work).toMatchObject({
        state: 'cancelled',
        reason: 'cancelled by operator alice',
        finishedAt: NOW,
      });
      expect(await world.events()).toEqual([
        { queueJobId: 7n, stage: 'cancelled', at: NOW, detail: 'cancelled by operator alice' },
      ]);
      expect(world.aborted).toEqual([]);
    },
  );

  it('aborts the attempt of a running job', async () => {
    const world = new LedgerWorld();
    world.seed(newWork({ state: 'running' }));
    await world.operator().cancel(7n, 'bob');
    expect((await world.row())?.state).toBe('cancelled');
    expect(world.aborted).toEqual([7n]);
  });

  it('reads again and cancels when the engine moved the job meanwhile', async () => {
    const world = new LedgerWorld();
    world.seed(newWork({ state: 'queued' }));
    world.beforeUpdate = () => world.seed(newWork({ state: 'running', attempts: 2 }));
    const work = await world.operator().cancel(7n, 'alice');
    expect(work).toMatchObject({ state: 'cancelled', attempts: 2 });
    expect(world.aborted).toEqual([7n]);
  });

  it('refuses a finished job with CONFLICT and an unknown one with NOT_FOUND', async () => {
    const world = new LedgerWorld();
    world.seed(newWork({ state: 'succeeded' }));
    const conflict = await errorOf(world.operator().cancel(7n, 'alice'));
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.message).toMatch(/already succeeded/);
    expect((await world.row())?.state).toBe('succeeded');
    expect((await errorOf(world.operator().cancel(8n, 'alice'))).code).toBe('NOT_FOUND');
  });
});

describe('JobOperator.retry', () => {
  const failed = () =>
    newWork({
      state: 'failed',
      attempts: 4,
      reason: '4 attempts failed; last: timeout',
      finishedAt: new Date(1),
      settlement: 'awaiting-user',
    });

  it('queues a failed job again from its first attempt and records operator-retry', async () => {
    const world = new LedgerWorld();
    world.seed(failed());
    const work = await world.operator().retry(7n, 'carol');
    expect(work).toMatchObject({
      state: 'queued',
      attempts: 0,
      nextAttemptAt: NOW,
      reason: null,
      finishedAt: null,
      settlement: 'none',
      followUpDone: false,
    });
    expect(await world.events()).toEqual([
      {
        queueJobId: 7n,
        stage: 'operator-retry',
        at: NOW,
        detail: 'retried by operator carol; last failure: 4 attempts failed; last: timeout',
      },
    ]);
  });

  it.each<[string, (world: LedgerWorld) => void, RegExp]>([
    ['the deadline passed', (w) => (w.finalized = 1000n), /deadline block 1000 has passed/],
    ['the job is cancelled on-chain', (w) => (w.jobStatus = 'Cancelled'), /Cancelled on-chain/],
    [
      'the escrow is refunded',
      (w) => (w.escrow = { released: false, refunded: true }),
      /already refunded/,
    ],
    ['a refund is enqueued', (w) => (w.actionKeys = ['job:7:refund']), /being settled/],
    [
      'the job is not failed',
      (w) => w.seed(newWork({ state: 'running' })),
      /only a failed job.*running/,
    ],
  ])('refuses with CONFLICT when %s', async (_what, arrange, message) => {
    const world = new LedgerWorld();
    world.seed(failed());
    arrange(world);
    const before = await world.row();
    const err = await errorOf(world.operator().retry(7n, 'carol'));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(message);
    expect(await world.row()).toEqual(before);
    expect(await world.events()).toEqual([]);
  });

  it('reports CONFLICT, not a retry, when the job moved between the read and the update', async () => {
    const world = new LedgerWorld();
    world.seed(failed());
    world.beforeUpdate = () => world.seed({ ...failed(), state: 'queued' });
    expect((await errorOf(world.operator().retry(7n, 'carol'))).code).toBe('CONFLICT');
    expect(await world.events()).toEqual([]);
  });

  it('answers NOT_FOUND for a job the ledger does not hold', async () => {
    expect((await errorOf(new LedgerWorld().operator().retry(9n, 'carol'))).code).toBe('NOT_FOUND');
  });
});
