import { SqlStorage, type Database } from '../../src/storage';
import { ChainActionTransitionError, IdempotencyKeyConflictError } from '../../src/shared';
import type { ChainAction } from '../../src/chain/tx';
import { chainActionRepositoryContract } from '../../src/chain/tx/testing/chain-action-repository-contract';
import { TEST_DIALECTS, truncateStorageTables, useMigratedDatabase } from '../support/databases';
import {
  blockRef,
  ManualClock,
  newChainAction,
  testStorageContext,
} from '../support/storage-fixtures';

const U128_MAX = 2n ** 128n - 1n;
const LEASE_MS = 30_000;

describe.each(TEST_DIALECTS)('chain action outbox on %s', (dialect) => {
  const db = useMigratedDatabase(dialect);
  const extraConnections: Database[] = [];
  let clock: ManualClock;
  let storage: SqlStorage;

  /** Another connection (pool) to the same database, as a second service instance would have. */
  async function otherInstance(name: string): Promise<SqlStorage> {
    const database = await db.testDatabase.open();
    extraConnections.push(database);
    return new SqlStorage(database, testStorageContext(clock, name));
  }

  // The behaviour the in-memory fake shares (src/chain/tx/testing/), on this database.
  chainActionRepositoryContract(`SqlChainActionRepository on ${dialect}`, async (contractClock) => {
    await truncateStorageTables(db.database);
    return new SqlStorage(db.database, testStorageContext(contractClock, 'contract')).actions;
  });

  beforeEach(async () => {
    await truncateStorageTables(db.database);
    clock = new ManualClock();
    storage = new SqlStorage(db.database, testStorageContext(clock, 'main'));
  });

  afterEach(async () => {
    await Promise.all(extraConnections.splice(0).map((database) => database.close()));
  });

  it('keeps one action per idempotency key', async () => {
    const first = await storage.actions.enqueue(newChainAction());
    const second = await storage.actions.enqueue(newChainAction({ args: { jobId: 43n } }));

    expect(first.isNew).toBe(true);
    expect(second).toEqual({ action: first.action, isNew: false });
    expect(await storage.actions.listByStatus(['pending'], 10)).toHaveLength(1);
  });

  it('keeps one action when two instances enqueue the same key at once', async () => {
    const instances = [storage, await otherInstance('a'), await otherInstance('b')];

    const results = await Promise.all(instances.map((s) => s.actions.enqueue(newChainAction())));

    expect(results.filter((r) => r.isNew)).toHaveLength(1);
    expect(new Set(results.map((r) => r.action.id)).size).toBe(1);
  });

  it('refuses a key reused for another message', async () => {
    await storage.actions.enqueue(newChainAction());

    await expect(
      storage.actions.enqueue(newChainAction({ message: 'mark_in_progress' })),
    ).rejects.toBeInstanceOf(IdempotencyKeyConflictError);
  });

  it('round-trips u128 value and arguments exactly', async () => {
    await storage.actions.enqueue(
      newChainAction({ value: U128_MAX, args: { jobId: 42n, amount: U128_MAX } }),
    );

    const stored = await storage.actions.findByKey('job:42:mark_completed');
    expect(stored?.value).toBe(U128_MAX);
    expect(stored?.args).toEqual({ jobId: '42', amount: U128_MAX.toString() });
  });

  it('claims due actions oldest first and leaves future ones alone', async () => {
    const inAMinute = new Date(clock.now().getTime() + 60_000);
    await storage.actions.enqueue(
      newChainAction({ idempotencyKey: 'later', notBefore: inAMinute }),
    );
    await storage.actions.enqueue(newChainAction({ idempotencyKey: 'first' }));
    clock.advance(1);
    await storage.actions.enqueue(newChainAction({ idempotencyKey: 'second' }));

    const claims = [await claim(storage), await claim(storage)];
    expect(claims.map((c) => [c.idempotencyKey, c.status, c.attempts])).toEqual([
      ['first', 'claimed', 1],
      ['second', 'claimed', 1],
    ]);
    expect(await storage.actions.claimNext(LEASE_MS)).toBeNull();
    for (const claimed of claims) {
      // Submitted actions are tracked, not re-offered, when their claim lease runs out.
      await storage.actions.markSubmitted(claimed, '0x01');
    }

    clock.advance(60_000);
    expect((await storage.actions.claimNext(LEASE_MS))?.idempotencyKey).toBe('later');
  });

  it('walks pending → claimed → submitted → included → finalized', async () => {
    await storage.actions.enqueue(newChainAction());
    const claimed = await claim(storage);

    const submitted = await storage.actions.markSubmitted(claimed, '0x' + 'AA'.repeat(32));
    const included = await storage.actions.markIncluded(submitted, blockRef(20n));
    const finalized = await storage.actions.markFinalized(included, blockRef(20n).hash);

    expect(finalized).toMatchObject({
      status: 'finalized',
      attempts: 1,
      txHash: '0x' + 'aa'.repeat(32),
      includedIn: blockRef(20n),
      finalizedBlockHash: blockRef(20n).hash,
    });
    await expect(storage.actions.markFailed(finalized, 'late')).rejects.toBeInstanceOf(
      ChainActionTransitionError,
    );
  });

  it('reschedules a dropped transaction and fails an action for good', async () => {
    await storage.actions.enqueue(newChainAction());
    const submitted = await storage.actions.markSubmitted(await claim(storage), '0x01');

    const pending = await storage.actions.reschedule(submitted, 'dropped from pool', clock.now());
    expect(pending).toMatchObject({
      status: 'pending',
      lastError: 'dropped from pool',
      includedIn: null,
    });

    const again = await claim(storage);
    expect(again.attempts).toBe(2);
    const failed = await storage.actions.markFailed(again, 'contract returned false');
    expect(failed).toMatchObject({ status: 'failed', lastError: 'contract returned false' });
    expect(await storage.actions.claimNext(LEASE_MS)).toBeNull();
  });

  it('re-offers an action whose lease ran out and fences the stale claimer', async () => {
    await storage.actions.enqueue(newChainAction());
    const stale = await claim(storage);
    expect(await storage.actions.claimNext(LEASE_MS)).toBeNull();

    clock.advance(LEASE_MS);
    const fresh = await claim(storage);

    expect(fresh).toMatchObject({ id: stale.id, attempts: 2 });
    await expect(storage.actions.markSubmitted(stale, '0x02')).rejects.toBeInstanceOf(
      ChainActionTransitionError,
    );
    expect((await storage.actions.markSubmitted(fresh, '0x03')).txHash).toBe('0x03');
  });

  it('never hands the same action to two concurrent claimers', async () => {
    for (let n = 0; n < 40; n += 1) {
      await storage.actions.enqueue(newChainAction({ idempotencyKey: `job:${n}:mark_completed` }));
    }
    const claimers = [
      storage,
      await otherInstance('a'),
      await otherInstance('b'),
      await otherInstance('c'),
    ];

    const perClaimer = await Promise.all(claimers.map((s) => drain(s)));

    const ids = perClaimer.flat().map((a) => a.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });

  if (dialect === 'postgres') {
    it('skips an action claimed in an open transaction instead of waiting for it', async () => {
      await storage.actions.enqueue(newChainAction({ idempotencyKey: 'a' }));
      clock.advance(1);
      await storage.actions.enqueue(newChainAction({ idempotencyKey: 'b' }));
      const other = await otherInstance('other');

      const [held, skipped] = await storage.transaction(async (tx) => {
        const inTx = await tx.actions.claimNext(LEASE_MS);
        const outside = await other.actions.claimNext(LEASE_MS);
        return [inTx, outside];
      });

      expect(held?.idempotencyKey).toBe('a');
      expect(skipped?.idempotencyKey).toBe('b');
    });
  }
});

async function claim(storage: SqlStorage): Promise<ChainAction> {
  const action = await storage.actions.claimNext(LEASE_MS);
  if (action === null) {
    throw new Error('expected a due action');
  }
  return action;
}

async function drain(storage: SqlStorage): Promise<ChainAction[]> {
  const claimed: ChainAction[] = [];
  for (;;) {
    const action = await storage.actions.claimNext(LEASE_MS);
    if (action === null) {
      return claimed;
    }
    claimed.push(action);
  }
}
