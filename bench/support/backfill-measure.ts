import { ChainFollower } from '../../src/chain/follower/chain-follower';
import { decodeBlockEvents } from '../../src/chain/follower/decode-block-events';
import { NOOP_LOGGER } from '../../src/shared';
import { migrateToLatest, SqlStorage, type DialectName } from '../../src/storage';
import { createTestDatabase } from '../../test/support/databases';
import type { PolkadotChainClient } from '../../src/chain/polkadot/polkadot-chain-client';
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
 * Catches up from block 0 to the finalized `head` of the devnet at `url`, `rounds` times: each
 * round first the client's bare fetch + decode with no storage (the baseline), then the follower
 * (no projector) into a fresh SQLite file and a fresh PostgreSQL database, each from an empty
 * database. Each mode's time is the median of its rounds, so one stall of the shared machine
 * does not decide a ratio.
 */
export async function measureBackfill(
  url: string,
  head: bigint,
  batchSize: number,
  dialects: readonly DialectName[],
  rounds = 1,
): Promise<BackfillRun[]> {
  const client = chainClientFor([url]);
  await client.start();
  const blocks = Number(head) + 1;
  const modes = ['bare fetch+decode', ...dialects.map((dialect) => `follower → ${dialect}`)];
  const seconds = new Map<string, number[]>(modes.map((mode) => [mode, []]));
  let events = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      const bare = await fetchAndDecode(client, head, batchSize);
      events = bare.events;
      seconds.get(modes[0]!)!.push(bare.seconds);
      for (const dialect of dialects) {
        const stored = await follow(client, dialect, batchSize, events);
        seconds.get(`follower → ${dialect}`)!.push(stored);
      }
    }
  } finally {
    await client.stop();
  }
  return modes.map((mode) => ({ mode, blocks, events, seconds: median(seconds.get(mode)!) }));
}

async function fetchAndDecode(
  client: PolkadotChainClient,
  head: bigint,
  batchSize: number,
): Promise<{ events: number; seconds: number }> {
  const started = performance.now();
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
  return { events, seconds: (performance.now() - started) / 1000 };
}

/** The follower's catch-up into a fresh database of `dialect`, in seconds; checks the count. */
async function follow(
  client: PolkadotChainClient,
  dialect: DialectName,
  batchSize: number,
  expected: number,
): Promise<number> {
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
    const started = performance.now();
    await follower.syncOnce();
    const seconds = (performance.now() - started) / 1000;
    const stored = await storage.events.count();
    if (stored !== expected) {
      throw new Error(`the follower stored ${stored} events into ${dialect}, expected ${expected}`);
    }
    return seconds;
  } finally {
    await database.close();
    await db.drop();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
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
