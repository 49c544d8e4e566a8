import { ChainFollower } from '../../src/chain/follower/chain-follower';
import { decodeBlockEvents } from '../../src/chain/follower/decode-block-events';
import { NOOP_LOGGER } from '../../src/shared';
import { migrateToLatest, SqlStorage, type DialectName } from '../../src/storage';
import { createTestDatabase } from '../../test/support/databases';
import { chainClientFor, FOLLOWER_DEFAULTS } from '../../test/support/follower-harness';

export interface BackfillRun {
  mode: string;
  blocks: number;
  events: number;
  seconds: number;
}

export const blocksPerSecond = (run: BackfillRun) => run.blocks / run.seconds;
export const eventsPerSecond = (run: BackfillRun) => run.events / run.seconds;

/**
 * Catches up from block 0 to the finalized `head` of the devnet at `url`: first the client's bare
 * fetch + decode with no storage (the baseline), then the follower (no projector) into a fresh
 * SQLite file and a fresh PostgreSQL database, each from an empty database.
 */
export async function measureBackfill(
  url: string,
  head: bigint,
  batchSize: number,
  dialects: readonly DialectName[],
): Promise<BackfillRun[]> {
  const client = chainClientFor([url]);
  await client.start();
  const blocks = Number(head) + 1;
  const runs: BackfillRun[] = [];
  try {
    let started = performance.now();
    let events = 0;
    for (let next = 0n; next <= head; next += BigInt(batchSize)) {
      const numbers = Array.from(
        { length: Math.min(batchSize, Number(head - next) + 1) },
        (_, i) => next + BigInt(i),
      );
      const refs = await Promise.all(numbers.map((n) => client.getBlockRef(n)));
      const raws = await Promise.all(refs.map((ref) => client.getContractEvents(ref!)));
      events += raws.reduce((sum, raw) => sum + decodeBlockEvents(raw, true).events.length, 0);
    }
    runs.push({
      mode: 'bare fetch+decode',
      blocks,
      events,
      seconds: (performance.now() - started) / 1000,
    });
    for (const dialect of dialects) {
      const db = await createTestDatabase(dialect);
      const database = await db.open();
      try {
        await migrateToLatest(database);
        const storage = new SqlStorage(database);
        const follower = new ChainFollower(
          client,
          storage,
          null,
          { ...FOLLOWER_DEFAULTS, batchSize, followBest: false },
          NOOP_LOGGER,
        );
        started = performance.now();
        await follower.syncOnce();
        const seconds = (performance.now() - started) / 1000;
        const stored = await storage.events.count();
        if (stored !== events) {
          throw new Error(
            `the follower stored ${stored} events into ${dialect}, expected ${events}`,
          );
        }
        runs.push({ mode: `follower → ${dialect}`, blocks, events: stored, seconds });
      } finally {
        await database.close();
        await db.drop();
      }
    }
  } finally {
    await client.stop();
  }
  return runs;
}

/** A fixed-width table of runs, each with its ratio to the first (the bare baseline). */
export function formatRuns(title: string, runs: readonly BackfillRun[]): string {
  const bare = runs[0]!;
  const rows = [
    ['mode', 'blocks', 'events', 'seconds', 'blocks/s', 'events/s', 'vs bare'],
    ...runs.map((run) => [
      run.mode,
      String(run.blocks),
      String(run.events),
      run.seconds.toFixed(2),
      blocksPerSecond(run).toFixed(0),
      eventsPerSecond(run).toFixed(0),
      (bare.seconds / run.seconds).toFixed(2),
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
  return [title, ...lines].join('\n');
}
