import type { NewJobWork } from '../../src/jobs/engine';
import { SqlStorage, type Database } from '../../src/storage';
import { TEST_DIALECTS, truncateStorageTables, useMigratedDatabase } from '../support/databases';
import { ManualClock, newChainAction, testStorageContext } from '../support/storage-fixtures';

const LEASE_MS = 30_000;

function newWork(queueJobId: bigint): NewJobWork {
  return {
    queueJobId,
    provider: '0x00000000000000000000000000000000000000aa',
    owner: '0x00000000000000000000000000000000000000bb',
    modelRef: 'ocr:pp-ocrv4',
    dataRef: 'cas:sha256:' + '0'.repeat(64),
    budget: 2n ** 100n,
    deadlineBlock: 1_000,
    privacyRequired: true,
  };
}

describe.each(TEST_DIALECTS)('job work ledger on %s', (dialect) => {
  const db = useMigratedDatabase(dialect);
  const extraConnections: Database[] = [];
  let clock: ManualClock;
  let storage: SqlStorage;

  async function otherInstance(): Promise<SqlStorage> {
    const database = await db.testDatabase.open();
    extraConnections.push(database);
    return new SqlStorage(database, testStorageContext(clock, 'other'));
  }

  beforeEach(async () => {
    await truncateStorageTables(db.database);
    clock = new ManualClock();
    storage = new SqlStorage(db.database, testStorageContext(clock, 'main'));
  });

  afterEach(async () => {
    await Promise.all(extraConnections.splice(0).map((database) => database.close()));
  });

  it('inserts a discovered job once and reads every field back', async () => {
    expect(await storage.work.insertDiscovered(newWork(7n), clock.now())).toBe(true);
    expect(await storage.work.insertDiscovered(newWork(7n), clock.now())).toBe(false);
    expect(await storage.work.get(7n)).toMatchObject({
      ...newWork(7n),
      state: 'discovered',
      attempts: 0,
      settlement: 'none',
      followUpDone: false,
      result: null,
    });
  });

  it('gives a due job to one of two concurrent claimers, and again only after the lease', async () => {
    await storage.work.insertDiscovered(newWork(1n), clock.now());
    const other = await otherInstance();
    const claims = await Promise.all([
      storage.work.claimDue(['discovered'], LEASE_MS, clock.now()),
      other.work.claimDue(['discovered'], LEASE_MS, clock.now()),
    ]);
    expect(claims.filter((c) => c !== null)).toHaveLength(1);
    expect(await storage.work.claimDue(['discovered'], LEASE_MS, clock.now())).toBeNull();
    clock.advance(LEASE_MS);
    expect(await storage.work.claimDue(['discovered'], LEASE_MS, clock.now())).toMatchObject({
      queueJobId: 1n,
      state: 'discovered',
    });
  });

  it('applies an update only from the state the caller saw', async () => {
    await storage.work.insertDiscovered(newWork(2n), clock.now());
    expect(await storage.work.update(2n, 'queued', { state: 'running' }, clock.now())).toBe(false);
    expect(await storage.work.update(2n, 'discovered', { state: 'queued' }, clock.now())).toBe(
      true,
    );
    expect(await storage.work.update(2n, 'discovered', { state: 'running' }, clock.now())).toBe(
      false,
    );
    expect((await storage.work.get(2n))?.state).toBe('queued');
  });

  it('pages through unfinished follow-ups of finished jobs only', async () => {
    for (const id of [1n, 2n, 3n, 4n]) {
      await storage.work.insertDiscovered(newWork(id), clock.now());
    }
    for (const [id, state] of [
      [1n, 'failed'],
      [2n, 'succeeded'],
      [4n, 'rejected'],
    ] as const) {
      await storage.work.update(id, 'discovered', { state }, clock.now());
    }
    await storage.work.update(4n, 'rejected', { followUpDone: true }, clock.now());
    const first = await storage.work.listFollowUps(null, 1);
    const second = await storage.work.listFollowUps(first[0]!.queueJobId, 1);
    const third = await storage.work.listFollowUps(second[0]!.queueJobId, 1);
    expect([...first, ...second].map((w) => w.queueJobId)).toEqual([1n, 2n]);
    expect(third).toEqual([]);
  });

  it('finds outbox actions by several keys in one read', async () => {
    await storage.actions.enqueue(newChainAction({ idempotencyKey: 'job:1:mark_in_progress' }));
    await storage.actions.enqueue(newChainAction({ idempotencyKey: 'job:1:mark_completed' }));
    const found = await storage.actions.findByKeys([
      'job:1:mark_completed',
      'job:1:release',
      'job:1:mark_in_progress',
    ]);
    expect(found.map((a) => a.idempotencyKey).sort()).toEqual([
      'job:1:mark_completed',
      'job:1:mark_in_progress',
    ]);
    expect(await storage.actions.findByKeys([])).toEqual([]);
  });
});
