import {
  jobWorkRepositoryContract,
  newJobWork,
} from '../../src/jobs/engine/testing/job-work-repository-contract';
import { SqlStorage, type Database } from '../../src/storage';
import { TEST_DIALECTS, truncateStorageTables, useMigratedDatabase } from '../support/databases';
import { ManualClock, testStorageContext } from '../support/storage-fixtures';

const LEASE_MS = 30_000;

describe.each(TEST_DIALECTS)('job work ledger on %s', (dialect) => {
  const db = useMigratedDatabase(dialect);
  const extraConnections: Database[] = [];
  let clock: ManualClock;
  let storage: SqlStorage;

  // The behaviour the in-memory fake shares (src/jobs/engine/testing/), on this database.
  jobWorkRepositoryContract(`SqlJobWorkRepository on ${dialect}`, async () => {
    await truncateStorageTables(db.database);
    return new SqlStorage(db.database, testStorageContext(new ManualClock(), 'contract')).work;
  });

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

  it('gives a due job to one of two concurrent claimers, and again only after the lease', async () => {
    await storage.work.insertDiscovered(newJobWork(1n), clock.now(), null);
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

  it('lets one of two instances move a job from the state both saw', async () => {
    await storage.work.insertDiscovered(newJobWork(2n), clock.now(), null);
    const other = await otherInstance();
    const move = (s: SqlStorage, i: number) =>
      s.work.transition(
        {
          queueJobId: 2n,
          from: 'discovered',
          move: i === 0 ? 'reject' : 'cancel',
          patch: { reason: `instance ${i}` },
          lines: [{ stage: `move ${i}`, detail: null }],
        },
        clock.now(),
      );
    // SQLite's driver is synchronous: two connections of one process cannot overlap write
    // transactions (the second would block the event loop until busy_timeout), so there the two
    // instances move one after the other; SQLite instances are separate processes in production.
    const moves =
      dialect === 'postgres'
        ? await Promise.all([move(storage, 0), move(other, 1)])
        : [await move(storage, 0), await move(other, 1)];
    expect(moves.filter((m) => m !== null)).toHaveLength(1);
    const stages = (await storage.work.listEvents(2n)).map((e) => e.stage);
    expect(stages).toHaveLength(2);
    expect(stages.filter((s) => s.startsWith('move '))).toHaveLength(1);
  });

  it('moves a job inside an outer transaction and rolls back with it', async () => {
    await storage.work.insertDiscovered(newJobWork(3n), clock.now(), null);
    const change = {
      queueJobId: 3n,
      from: 'discovered',
      move: 'reject',
      patch: { reason: 'no' },
      lines: [{ stage: 'rejected', detail: 'no' }],
    } as const;
    await expect(
      storage.transaction(async (tx) => {
        expect(await tx.work.transition(change, clock.now())).toMatchObject({ state: 'rejected' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await storage.work.get(3n))?.state).toBe('discovered');
    expect((await storage.work.listEvents(3n)).map((e) => e.stage)).toEqual(['discovered']);

    await storage.transaction((tx) => tx.work.transition(change, clock.now()));
    expect((await storage.work.get(3n))?.state).toBe('rejected');
    expect((await storage.work.listEvents(3n)).map((e) => e.stage)).toEqual([
      'discovered',
      'rejected',
    ]);
  });
});
