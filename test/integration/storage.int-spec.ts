import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase, migrationsFor, SqlStorage } from '../../src/storage';
import { StaleCursorError } from '../../src/shared';
import type { NewChainEvent } from '../../src/chain/follower';
import { TEST_DIALECTS, truncateStorageTables, useMigratedDatabase } from '../support/databases';
import {
  blockRef,
  ManualClock,
  newChainEvent,
  newQuarantinedEvent,
  testStorageContext,
} from '../support/storage-fixtures';

const U128_MAX = 2n ** 128n - 1n;

describe.each(TEST_DIALECTS)('storage on %s', (dialect) => {
  const db = useMigratedDatabase(dialect);
  let storage: SqlStorage;

  beforeEach(async () => {
    await truncateStorageTables(db.database);
    storage = new SqlStorage(db.database, testStorageContext(new ManualClock()));
  });

  describe('migrations', () => {
    it('applies every migration once and is a no-op when run again', async () => {
      expect(db.firstMigration.applied).toEqual(Object.keys(migrationsFor(dialect)));
      await storage.events.insertMany([newChainEvent()]);

      const again = await migrateToLatest(db.database);

      expect(again.applied).toEqual([]);
      expect(await storage.events.count()).toBe(1);
    });
  });

  describe('chain events', () => {
    it('stores an event once per (block hash, event index), even within one batch', async () => {
      const first = newChainEvent({ eventIndex: 0 });
      const second = newChainEvent({ eventIndex: 1 });

      expect(await storage.events.insertMany([first, second, first])).toBe(2);
      expect(
        await storage.events.insertMany([first, second, newChainEvent({ eventIndex: 2 })]),
      ).toBe(1);
      expect(await storage.events.count()).toBe(3);
    });

    it('keeps the same event index of a sibling block (fork) apart', async () => {
      const inserted = await storage.events.insertMany([
        newChainEvent({ block: blockRef(5n, 0) }),
        newChainEvent({ block: blockRef(5n, 1) }),
      ]);
      expect(inserted).toBe(2);
    });

    it('does not let a replay overwrite a stored row', async () => {
      await storage.events.insertMany([newChainEvent({ eventName: 'JobSubmitted' })]);
      await storage.events.insertMany([newChainEvent({ eventName: 'Changed', isFinal: true })]);

      const { items } = await storage.events.listRecent({ limit: 10 });
      expect(items.map((e) => [e.eventName, e.isFinal])).toEqual([['JobSubmitted', false]]);
    });

    it('round-trips u128 values and block numbers beyond 2^53 exactly, lowercasing hex', async () => {
      const bigBlock = 2n ** 53n + 1n;
      await storage.events.insertMany([
        newChainEvent({
          block: { number: bigBlock, hash: '0x' + 'AB'.repeat(32) },
          contractAddress: '0x' + 'EF'.repeat(20),
          decoded: { amount: U128_MAX, nested: [{ nonce: 2n ** 64n }], note: 'x', ok: true },
        }),
      ]);

      const [event] = (await storage.events.listRecent({ limit: 1 })).items;
      expect(event?.block).toEqual({ number: bigBlock, hash: '0x' + 'ab'.repeat(32) });
      expect(event?.contractAddress).toBe('0x' + 'ef'.repeat(20));
      expect(event?.decoded).toEqual({
        amount: '340282366920938463463374607431768211455',
        nested: [{ nonce: '18446744073709551616' }],
        note: 'x',
        ok: true,
      });
      expect(event?.createdAt).toEqual(new Date('2025-01-01T00:00:00.000Z'));
    });

    it('lists newest first with filters and a page cursor', async () => {
      const events: NewChainEvent[] = [];
      for (let n = 1n; n <= 4n; n += 1n) {
        events.push(newChainEvent({ block: blockRef(n), eventIndex: 0, isFinal: n <= 2n }));
        events.push(newChainEvent({ block: blockRef(n), eventIndex: 1, eventName: 'JobAssigned' }));
      }
      await storage.events.insertMany(events);

      const first = await storage.events.listRecent({ limit: 3 });
      const second = await storage.events.listRecent({ limit: 3, cursor: first.nextCursor });
      const third = await storage.events.listRecent({ limit: 3, cursor: second.nextCursor });
      const positions = [...first.items, ...second.items, ...third.items].map(
        (e) => `${e.block.number}:${e.eventIndex}`,
      );
      expect(positions).toEqual(['4:1', '4:0', '3:1', '3:0', '2:1', '2:0', '1:1', '1:0']);
      expect(third.nextCursor).toBeNull();

      const assigned = await storage.events.listRecent({
        limit: 10,
        eventName: 'JobAssigned',
        fromBlock: 2n,
        toBlock: 3n,
      });
      expect(assigned.items.map((e) => e.block.number)).toEqual([3n, 2n]);
      expect(await storage.events.count({ isFinal: true })).toBe(2);
      expect(await storage.events.count({ contract: 'paymentEscrow' })).toBe(0);
    });
  });

  describe('unit of work', () => {
    it('commits the events and the cursor advance together', async () => {
      await storage.transaction(async (tx) => {
        await tx.events.insertMany([newChainEvent({ block: blockRef(7n) })]);
        await tx.cursors.advance('best', 0, blockRef(7n));
      });

      expect(await storage.events.count()).toBe(1);
      expect((await storage.cursors.get('best'))?.block).toEqual(blockRef(7n));
    });

    it('persists neither the events nor the cursor when the work throws', async () => {
      await storage.cursors.advance('best', 0, blockRef(6n));

      const work = storage.transaction(async (tx) => {
        await tx.events.insertMany([newChainEvent({ block: blockRef(7n) })]);
        await tx.cursors.advance('best', 1, blockRef(7n));
        throw new Error('projection failed');
      });

      await expect(work).rejects.toThrow('projection failed');
      expect(await storage.events.count()).toBe(0);
      expect(await storage.cursors.get('best')).toMatchObject({ version: 1, block: blockRef(6n) });
    });

    it('rolls the events back when the cursor advance is stale', async () => {
      await storage.cursors.advance('best', 0, blockRef(6n));
      await storage.cursors.advance('best', 1, blockRef(7n));

      const work = storage.transaction(async (tx) => {
        await tx.events.insertMany([newChainEvent({ block: blockRef(8n) })]);
        await tx.cursors.advance('best', 1, blockRef(8n));
      });

      await expect(work).rejects.toBeInstanceOf(StaleCursorError);
      expect(await storage.events.count()).toBe(0);
    });
  });

  describe('cursors', () => {
    it('creates a lane at version 1 and bumps the version on every advance', async () => {
      expect(await storage.cursors.get('finalized')).toBeNull();

      const created = await storage.cursors.advance('finalized', 0, blockRef(10n));
      const moved = await storage.cursors.advance('finalized', 1, blockRef(11n));

      expect(created).toMatchObject({ lane: 'finalized', version: 1, block: blockRef(10n) });
      expect(moved).toMatchObject({ version: 2, block: blockRef(11n) });
      expect(await storage.cursors.get('finalized')).toEqual(moved);
      expect(await storage.cursors.get('best')).toBeNull();
    });

    it('refuses a stale version and a second creation, leaving the cursor as it was', async () => {
      await storage.cursors.advance('best', 0, blockRef(10n));
      await storage.cursors.advance('best', 1, blockRef(11n));

      await expect(storage.cursors.advance('best', 1, blockRef(12n))).rejects.toBeInstanceOf(
        StaleCursorError,
      );
      await expect(storage.cursors.advance('best', 0, blockRef(12n))).rejects.toThrow(
        /another follower/,
      );
      expect(await storage.cursors.get('best')).toMatchObject({ version: 2, block: blockRef(11n) });
    });
  });

  describe('fork rollback', () => {
    beforeEach(async () => {
      await storage.events.insertMany([
        newChainEvent({ block: blockRef(9n), isFinal: true }),
        newChainEvent({ block: blockRef(10n), isFinal: true }),
        newChainEvent({ block: blockRef(11n, 0), isFinal: false }),
        newChainEvent({ block: blockRef(12n, 0), isFinal: false }),
      ]);
    });

    it('removes tentative rows above the fork point and never final ones', async () => {
      // A final row above the fork point cannot happen on a sane chain; it must survive anyway.
      await storage.events.insertMany([newChainEvent({ block: blockRef(11n, 1), isFinal: true })]);

      expect(await storage.events.deleteTentativeAbove(10n)).toBe(2);

      const left = (await storage.events.listRecent({ limit: 10 })).items.map((e) => e.block);
      expect(left).toEqual([blockRef(11n, 1), blockRef(10n), blockRef(9n)]);
    });

    it('removes tentative rows of orphaned blocks by hash, skipping final blocks', async () => {
      const orphaned = [blockRef(12n).hash, blockRef(10n).hash, blockRef(99n).hash];

      expect(await storage.events.deleteByBlockHashes(orphaned)).toBe(1);
      expect(await storage.events.deleteByBlockHashes([])).toBe(0);
      expect(await storage.events.count()).toBe(3);
    });

    it('keeps a block once it was marked final', async () => {
      expect(
        await storage.events.markFinal(blockRef(11n).hash.toUpperCase().replace('0X', '0x')),
      ).toBe(1);
      expect(await storage.events.markFinal(blockRef(11n).hash)).toBe(0);

      await storage.events.deleteTentativeAbove(0n);

      const left = (await storage.events.listRecent({ limit: 10 })).items.map(
        (e) => e.block.number,
      );
      expect(left).toEqual([11n, 10n, 9n]);
    });
  });

  describe('quarantine', () => {
    it('keeps each undecodable event once, with its reason and raw bytes', async () => {
      const bad = newQuarantinedEvent({ block: blockRef(3n) });

      expect(await storage.quarantine.add([bad, bad])).toBe(1);
      expect(await storage.quarantine.add([bad])).toBe(0);

      const { items } = await storage.quarantine.listRecent({ limit: 5 });
      expect(items).toEqual([
        expect.objectContaining({
          block: blockRef(3n),
          reason: 'unknown event selector 0xdeadbeef',
          topics: ['0xdeadbeef'],
          dataHex: '0xffff',
          isFinal: false,
        }),
      ]);
    });

    it('follows the same fork rules as chain events', async () => {
      await storage.quarantine.add([
        newQuarantinedEvent({ block: blockRef(4n), isFinal: true }),
        newQuarantinedEvent({ block: blockRef(5n) }),
        newQuarantinedEvent({ block: blockRef(6n) }),
      ]);
      await storage.quarantine.markFinal(blockRef(5n).hash);

      expect(await storage.quarantine.deleteTentativeAbove(3n)).toBe(1);
      expect(await storage.quarantine.deleteByBlockHashes([blockRef(4n).hash])).toBe(0);
      expect(await storage.quarantine.count()).toBe(2);
    });
  });
});

describe('sqlite file database', () => {
  it('creates the missing directory and opens in WAL mode with foreign keys and a busy timeout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'polkamesh-sqlite-open-'));
    const database = await openDatabase(`sqlite:${join(dir, 'nested', 'deeper', 'app.db')}`);
    try {
      const pragma = async (name: string): Promise<unknown> => {
        const { rows } = await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(
          database.db,
        );
        return Object.values(rows[0] ?? {})[0];
      };
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1n);
      expect(await pragma('busy_timeout')).toBe(5000n);
    } finally {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
