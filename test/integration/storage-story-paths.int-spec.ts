import type { NewJobWork } from '../../src/jobs/engine';
import { newJobWork } from '../../src/jobs/engine/testing/job-work-repository-contract';
import type { ProjectedGrant } from '../../src/projections';
import type { ChainAction } from '../../src/chain/tx';
import { signedTx } from '../../src/chain/tx/testing/chain-action-repository-contract';
import { ChainActionTransitionError } from '../../src/shared';
import { SqlStorage, type Database } from '../../src/storage';
import { TEST_DIALECTS, truncateStorageTables, useMigratedDatabase } from '../support/databases';
import {
  blockRef,
  ManualClock,
  newChainAction,
  newChainEvent,
  newQuarantinedEvent,
  testStorageContext,
} from '../support/storage-fixtures';

/**
 * The repository paths the e2e stories walk that the other integration files do not: proved here on
 * both databases, so that those stories run on SQLite alone (README, "Tests").
 */
const LEASE_MS = 30_000;

function newWork(queueJobId: bigint): NewJobWork {
  return newJobWork(queueJobId, { budget: 10n ** 10n, privacyRequired: false });
}

describe.each(TEST_DIALECTS)('storage paths of the e2e stories on %s', (dialect) => {
  const db = useMigratedDatabase(dialect);
  const extraConnections: Database[] = [];
  let clock: ManualClock;
  let storage: SqlStorage;

  async function otherInstance(name: string): Promise<SqlStorage> {
    const database = await db.testDatabase.open();
    extraConnections.push(database);
    return new SqlStorage(database, testStorageContext(clock, name));
  }

  beforeEach(async () => {
    await truncateStorageTables(db.database);
    clock = new ManualClock();
    storage = new SqlStorage(db.database, testStorageContext(clock, 'main'));
  });

  afterEach(async () => {
    await Promise.all(extraConnections.splice(0).map((database) => database.close()));
  });

  describe('outbox: transactions in flight (the transaction manager after a restart)', () => {
    /** An action claimed and signed, its lease running until `LEASE_MS` from now. */
    async function submitted(key: string): Promise<ChainAction> {
      await storage.actions.enqueue(newChainAction({ idempotencyKey: key }));
      const claimed = await storage.actions.claimNext(LEASE_MS);
      if (claimed === null) {
        throw new Error(`expected ${key} to be due`);
      }
      const leaseUntil = new Date(clock.now().getTime() + LEASE_MS);
      return storage.actions.recordSignedTx(claimed, signedTx(clock, 7n), leaseUntil);
    }

    it('re-offers a submitted action only once its lease ran out, keeping it submitted', async () => {
      const first = await submitted('job:1:mark_completed');
      // claimed but never signed, and still pending: both are claimNext's, never claimNextInFlight's
      await storage.actions.enqueue(newChainAction({ idempotencyKey: 'job:2:mark_completed' }));
      const unsigned = await storage.actions.claimNext(LEASE_MS);
      await storage.actions.enqueue(newChainAction({ idempotencyKey: 'job:3:mark_completed' }));

      expect(await storage.actions.claimNextInFlight(LEASE_MS)).toBeNull();
      clock.advance(LEASE_MS);
      const again = await storage.actions.claimNextInFlight(LEASE_MS);

      expect(again).toMatchObject({
        id: first.id,
        status: 'submitted',
        attempts: first.attempts + 1,
        txHash: first.txHash,
        signedTx: first.signedTx,
      });
      expect(await storage.actions.claimNextInFlight(LEASE_MS)).toBeNull();
      const rest = [
        await storage.actions.claimNext(LEASE_MS),
        await storage.actions.claimNext(LEASE_MS),
      ];
      expect(rest.map((a) => a?.idempotencyKey).sort()).toEqual([
        'job:2:mark_completed',
        'job:3:mark_completed',
      ]);
      expect(rest.find((a) => a?.id === unsigned?.id)?.attempts).toBe(2);
    });

    it('extends the lease of the current holder and refuses a superseded or finished one', async () => {
      const held = await submitted('job:3:mark_completed');
      clock.advance(LEASE_MS - 1);
      const extended = await storage.actions.extendLease(
        held,
        new Date(clock.now().getTime() + LEASE_MS),
      );
      expect(extended).toMatchObject({ status: 'submitted', attempts: held.attempts });
      expect(extended.nextAttemptAt.getTime()).toBe(clock.now().getTime() + LEASE_MS);

      clock.advance(1);
      expect(await storage.actions.claimNextInFlight(LEASE_MS)).toBeNull();
      clock.advance(LEASE_MS);
      const taken = await storage.actions.claimNextInFlight(LEASE_MS);
      expect(taken?.attempts).toBe(held.attempts + 1);
      await expect(storage.actions.extendLease(held, clock.now())).rejects.toBeInstanceOf(
        ChainActionTransitionError,
      );

      const finalized = await storage.actions.markFinalized(taken!, blockRef(5n).hash);
      await expect(storage.actions.extendLease(finalized, clock.now())).rejects.toBeInstanceOf(
        ChainActionTransitionError,
      );
    });

    it('hands an expired in-flight action to exactly one of several instances', async () => {
      for (let n = 0; n < 6; n += 1) {
        await submitted(`job:${n}:mark_in_progress`);
      }
      clock.advance(LEASE_MS);
      const instances = [storage, await otherInstance('a'), await otherInstance('b')];

      const claims = await Promise.all(
        instances.map(async (instance) => {
          const mine: string[] = [];
          for (;;) {
            const action = await instance.actions.claimNextInFlight(LEASE_MS);
            if (action === null) {
              return mine;
            }
            mine.push(action.id);
          }
        }),
      );

      const ids = claims.flat();
      expect(ids).toHaveLength(6);
      expect(new Set(ids).size).toBe(6);
    });
  });

  describe('fork rollback of a sibling block (the follower switching forks)', () => {
    it('deletes the tentative rows of the other blocks at that height, never final ones', async () => {
      await storage.events.insertMany([
        newChainEvent({ block: blockRef(11n, 0) }),
        newChainEvent({ block: blockRef(11n, 1) }),
        newChainEvent({ block: blockRef(11n, 2), isFinal: true }),
        newChainEvent({ block: blockRef(12n, 0) }),
      ]);
      await storage.quarantine.add([
        newQuarantinedEvent({ block: blockRef(11n, 0) }),
        newQuarantinedEvent({ block: blockRef(11n, 1) }),
      ]);

      expect(await storage.events.deleteTentativeSiblings(blockRef(11n, 1))).toBe(1);
      expect(await storage.quarantine.deleteTentativeSiblings(blockRef(11n, 1))).toBe(1);

      const events = (await storage.events.listRecent({ limit: 10 })).items.map((e) => e.block);
      expect(events).toEqual(
        expect.arrayContaining([blockRef(11n, 1), blockRef(11n, 2), blockRef(12n, 0)]),
      );
      expect(events).toHaveLength(3);
      const quarantined = (await storage.quarantine.listRecent({ limit: 10 })).items;
      expect(quarantined.map((q) => q.block)).toEqual([blockRef(11n, 1)]);
    });
  });

  describe('work ledger reads of the API (timeline, /stats, /health)', () => {
    it('lists the timeline events of one job in time order, with their details', async () => {
      const start = clock.now().getTime();
      await storage.work.insertDiscovered(newWork(1n), clock.now(), 'assigned');
      await storage.work.insertDiscovered(newWork(2n), clock.now(), null);
      const move = (
        queueJobId: bigint,
        from: 'discovered' | 'admitted' | 'queued' | 'running',
        to: 'admit' | 'queue' | 'start' | 'succeed',
        stage: string,
        detail: string | null,
        atMs: number,
      ) =>
        storage.work.transition(
          { queueJobId, from, move: to, patch: {}, lines: [{ stage, detail }] },
          new Date(start + atMs),
        );
      await move(1n, 'discovered', 'admit', 'admitted', null, 5);
      await move(2n, 'discovered', 'admit', 'admitted', null, 6);
      await move(1n, 'admitted', 'queue', 'queued', null, 7);
      await move(1n, 'queued', 'start', 'running', 'attempt 1', 8);
      await move(1n, 'running', 'succeed', 'succeeded', 'ocr 1.0.0', 900);

      expect(await storage.work.listEvents(1n)).toEqual([
        { queueJobId: 1n, stage: 'discovered', at: new Date(start), detail: 'assigned' },
        { queueJobId: 1n, stage: 'admitted', at: new Date(start + 5), detail: null },
        { queueJobId: 1n, stage: 'queued', at: new Date(start + 7), detail: null },
        { queueJobId: 1n, stage: 'running', at: new Date(start + 8), detail: 'attempt 1' },
        { queueJobId: 1n, stage: 'succeeded', at: new Date(start + 900), detail: 'ocr 1.0.0' },
      ]);
      expect(await storage.work.listEvents(3n)).toEqual([]);
    });

    it('counts every state, zero included, and lists the newest work first by state', async () => {
      for (const id of [1n, 2n, 3n, 4n]) {
        await storage.work.insertDiscovered(newWork(id), clock.now(), null);
        clock.advance(1_000);
      }
      const moves = [
        { queueJobId: 1n, from: 'discovered', move: 'reject' },
        { queueJobId: 3n, from: 'discovered', move: 'admit' },
        { queueJobId: 3n, from: 'admitted', move: 'queue' },
        { queueJobId: 3n, from: 'queued', move: 'start' },
      ] as const;
      for (const change of moves) {
        await storage.work.transition({ ...change, patch: {}, lines: [] }, clock.now());
      }

      expect(await storage.work.countByState()).toEqual({
        discovered: 2,
        admitted: 0,
        rejected: 1,
        queued: 0,
        running: 1,
        succeeded: 0,
        failed: 0,
        expired: 0,
        cancelled: 0,
      });
      const ids = async (query: Parameters<SqlStorage['work']['list']>[0]) =>
        (await storage.work.list(query)).map((w) => w.queueJobId);
      expect(await ids({ limit: 10 })).toEqual([4n, 3n, 2n, 1n]);
      expect(await ids({ states: ['discovered', 'running'], limit: 2 })).toEqual([4n, 3n]);
    });
  });

  describe('data NFT access grants (admission of nft: data)', () => {
    it('finds the grant of one grantee, and none for another', async () => {
      const grantee = '0xabcdefabcdefabcdefabcdefabcdefabcdef2222';
      const grant: ProjectedGrant = {
        tokenId: 7n,
        grantee,
        isGranted: true,
        lastPayment: 2n ** 100n,
        grantedBlock: 4n,
        revokedBlock: null,
        updated: { block: 4n, seq: 1 },
      };
      await storage.projections.upsertGrant(grant);
      await storage.projections.upsertGrant({ ...grant, tokenId: 8n, isGranted: false });

      expect(await storage.projections.getGrant(7n, grantee)).toEqual(grant);
      expect(await storage.projections.getGrant(7n, `0x${grantee.slice(2).toUpperCase()}`)).toEqual(
        grant,
      );
      expect(
        await storage.projections.getGrant(7n, '0x3333333333333333333333333333333333333333'),
      ).toBeNull();
      expect(await storage.projections.getGrant(9n, grantee)).toBeNull();
    });
  });
});
