import { SqlStorage } from '../../src/storage';
import type { NewChainEvent } from '../../src/chain/follower';
import { TEST_DIALECTS, truncateStorageTables, useMigratedDatabase } from '../support/databases';
import {
  blockRef,
  ManualClock,
  newChainEvent,
  newQuarantinedEvent,
  testStorageContext,
} from '../support/storage-fixtures';

/** `count` events over consecutive blocks from `first`, `perBlock` to a block. */
function eventsOf(first: bigint, count: number, perBlock: number): NewChainEvent[] {
  return Array.from({ length: count }, (_, i) =>
    newChainEvent({
      block: blockRef(first + BigInt(Math.floor(i / perBlock))),
      eventIndex: i % perBlock,
      decoded: { jobId: BigInt(i), note: `event ${i}` },
    }),
  );
}

// The follower's batch writes: multi-row inserts written as SQL text (src/storage/bulk-insert.ts)
// and the finality of a whole batch of blocks in a few statements (settleFinal).
describe.each(TEST_DIALECTS)('follower batch writes on %s', (dialect) => {
  const db = useMigratedDatabase(dialect);
  let storage: SqlStorage;

  beforeEach(async () => {
    await truncateStorageTables(db.database);
    storage = new SqlStorage(db.database, testStorageContext(new ManualClock()));
  });

  it('inserts a batch larger than one statement holds, each event once', async () => {
    const events = eventsOf(100n, 2_503, 50);
    // a crash after part of the batch was written: the replay of the whole batch adds the rest
    expect(await storage.events.insertMany(events.slice(700, 1_900))).toBe(1_200);

    expect(await storage.transaction((tx) => tx.events.insertMany(events))).toBe(1_303);
    expect(await storage.events.insertMany(events)).toBe(0);

    expect(await storage.events.count()).toBe(2_503);
    const page = await storage.events.listRecent({ limit: 2 });
    expect(page.items.map((e) => [e.block.number, e.eventIndex, e.decoded])).toEqual([
      [150n, 2, { jobId: '2502', note: 'event 2502' }],
      [150n, 1, { jobId: '2501', note: 'event 2501' }],
    ]);
  });

  it('writes nothing of a batch whose transaction fails', async () => {
    await expect(
      storage.transaction(async (tx) => {
        await tx.events.insertMany(eventsOf(1n, 1_500, 30));
        await tx.quarantine.add([newQuarantinedEvent()]);
        throw new Error('lease lost');
      }),
    ).rejects.toThrow('lease lost');

    expect(await storage.events.count()).toBe(0);
    expect(await storage.quarantine.count()).toBe(0);
  });

  it('stores a NUL in strings of events and quarantined events as U+FFFD', async () => {
    await storage.events.insertMany([newChainEvent({ eventName: 'Job\u0000Submitted' })]);
    await storage.quarantine.add([newQuarantinedEvent({ reason: 'bad \u0000 selector' })]);

    const [event] = (await storage.events.listRecent({ limit: 1 })).items;
    const [quarantined] = (await storage.quarantine.listRecent({ limit: 1 })).items;
    expect(event?.eventName).toBe('Job\uFFFDSubmitted');
    expect(quarantined?.reason).toBe('bad \uFFFD selector');
  });

  it('settles a batch of finalized blocks: their rows final, tentative forks at their heights gone', async () => {
    await storage.events.insertMany([
      newChainEvent({ block: blockRef(10n, 0), isFinal: false }),
      newChainEvent({ block: blockRef(10n, 0), eventIndex: 1, isFinal: false }),
      newChainEvent({ block: blockRef(10n, 1), isFinal: false }),
      newChainEvent({ block: blockRef(11n, 2), isFinal: false }),
      newChainEvent({ block: blockRef(12n, 0), isFinal: false }),
      // a final row at a settled height is never deleted, whatever its hash
      newChainEvent({ block: blockRef(11n, 3), isFinal: true }),
    ]);

    // no tentative row at these heights: nothing to do
    await storage.events.settleFinal([blockRef(13n, 0), blockRef(14n, 0)]);
    expect(await storage.events.count({ isFinal: false })).toBe(5);

    await storage.events.settleFinal([blockRef(10n, 0), blockRef(11n, 0)]);
    await storage.events.settleFinal([blockRef(10n, 0), blockRef(11n, 0)]);

    const rows = (await storage.events.listRecent({ limit: 10 })).items.map((e) => [
      e.block,
      e.eventIndex,
      e.isFinal,
    ]);
    expect(rows).toEqual([
      [blockRef(12n, 0), 0, false],
      [blockRef(11n, 3), 0, true],
      [blockRef(10n, 0), 1, true],
      [blockRef(10n, 0), 0, true],
    ]);
  });

  it('settles quarantined events by the same rules', async () => {
    await storage.quarantine.add([
      newQuarantinedEvent({ block: blockRef(4n, 0) }),
      newQuarantinedEvent({ block: blockRef(4n, 1) }),
      newQuarantinedEvent({ block: blockRef(5n, 1) }),
    ]);

    await storage.quarantine.settleFinal([blockRef(4n, 0)]);

    const rows = (await storage.quarantine.listRecent({ limit: 10 })).items.map((e) => [
      e.block,
      e.isFinal,
    ]);
    expect(rows).toEqual([
      [blockRef(5n, 1), false],
      [blockRef(4n, 0), true],
    ]);
  });
});
