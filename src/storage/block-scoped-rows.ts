import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Page } from '../shared';
import type { DatabaseSchema } from './schema';
import { checkLimit, decodeListCursor, encodeListCursor, toHex } from './sql-values';

/** Tables whose rows belong to a block and follow the tentative/final fork rules. */
export type BlockScopedTable = 'chain_events' | 'quarantined_events';

/** Deletes tentative rows above `blockNumber`; final rows are never touched. */
export async function deleteTentativeAbove(
  db: Kysely<DatabaseSchema>,
  table: BlockScopedTable,
  blockNumber: bigint,
): Promise<number> {
  const result = await db
    .deleteFrom(table)
    .where('is_final', '=', 0)
    .where('block_number', '>', blockNumber)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes tentative rows of the given blocks; final rows are never touched. */
export async function deleteTentativeByBlockHashes(
  db: Kysely<DatabaseSchema>,
  table: BlockScopedTable,
  blockHashes: readonly string[],
): Promise<number> {
  if (blockHashes.length === 0) {
    return 0;
  }
  const hashes = blockHashes.map((hash) => toHex(hash, 'block hash'));
  const result = await db
    .deleteFrom(table)
    .where('is_final', '=', 0)
    .where('block_hash', 'in', hashes)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes tentative rows at `block.number` that belong to another block (a fork the chain left). */
export async function deleteTentativeSiblings(
  db: Kysely<DatabaseSchema>,
  table: BlockScopedTable,
  block: { number: bigint; hash: string },
): Promise<number> {
  const result = await db
    .deleteFrom(table)
    .where('is_final', '=', 0)
    .where('block_number', '=', block.number)
    .where('block_hash', '!=', toHex(block.hash, 'block hash'))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Promotes the block's tentative rows to final; returns how many changed. */
export async function markBlockFinal(
  db: Kysely<DatabaseSchema>,
  table: BlockScopedTable,
  blockHash: string,
): Promise<number> {
  const result = await db
    .updateTable(table)
    .set({ is_final: 1 })
    .where('block_hash', '=', toHex(blockHash, 'block hash'))
    .where('is_final', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Block hashes or numbers per statement of `settleFinalBlocks`, well under both parameter limits. */
const SETTLE_CHUNK = 500;

/**
 * On finality of `blocks`: promotes their tentative rows to final and deletes the tentative rows
 * at their heights that belong to other block hashes (forks the chain left). The same as
 * `markBlockFinal` and `deleteTentativeSiblings` for each block, in two statements per chunk of
 * blocks instead of two per block, and in one when no tentative row is stored at their heights
 * (a backfill far behind the best head).
 */
export async function settleFinalBlocks(
  db: Kysely<DatabaseSchema>,
  table: BlockScopedTable,
  blocks: readonly { number: bigint; hash: string }[],
): Promise<void> {
  for (const part of chunk(blocks, SETTLE_CHUNK)) {
    const numbers = part.map((block) => block.number);
    // a range over the chunk's heights: a cheaper look-up, and finding too much only costs the
    // exact update and delete below
    const tentative = await db
      .selectFrom(table)
      .select('block_number')
      .where('is_final', '=', 0)
      .where(
        'block_number',
        '>=',
        numbers.reduce((a, b) => (a < b ? a : b)),
      )
      .where(
        'block_number',
        '<=',
        numbers.reduce((a, b) => (a > b ? a : b)),
      )
      .limit(1)
      .executeTakeFirst();
    if (tentative === undefined) {
      continue;
    }
    const hashes = part.map((block) => toHex(block.hash, 'block hash'));
    await db
      .updateTable(table)
      .set({ is_final: 1 })
      .where('block_hash', 'in', hashes)
      .where('is_final', '=', 0)
      .execute();
    await db
      .deleteFrom(table)
      .where('is_final', '=', 0)
      .where('block_number', 'in', numbers)
      .where('block_hash', 'not in', hashes)
      .execute();
  }
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

interface PositionedRow {
  block_number: unknown;
  block_hash: string;
  event_index: unknown;
}

/**
 * Newest-first keyset pagination over a block-scoped table, ordered by (block number, block hash,
 * event index) descending: applies the cursor, reads one row more than `limit`, and encodes the
 * next cursor from the last item returned.
 */
export async function listNewestFirst<TB extends BlockScopedTable, R extends PositionedRow, T>(
  select: SelectQueryBuilder<DatabaseSchema, TB, R>,
  query: { readonly limit: number; readonly cursor?: string | null },
  toItem: (row: R) => T & { block: { number: bigint; hash: string }; eventIndex: number },
): Promise<Page<T>> {
  const limit = checkLimit(query.limit);
  // both tables have the three position columns; Kysely cannot see that through the generic TB
  const positioned = select as unknown as SelectQueryBuilder<DatabaseSchema, BlockScopedTable, R>;
  let page = positioned;
  if (query.cursor !== undefined && query.cursor !== null) {
    const after = decodeListCursor(query.cursor);
    page = page.where((eb) =>
      eb(
        eb.refTuple('block_number', 'block_hash', 'event_index'),
        '<',
        eb.tuple(after.blockNumber, after.blockHash, after.eventIndex),
      ),
    );
  }
  const rows = await page
    .orderBy('block_number', 'desc')
    .orderBy('block_hash', 'desc')
    .orderBy('event_index', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(toItem);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last !== undefined
      ? encodeListCursor({
          blockNumber: last.block.number,
          blockHash: last.block.hash,
          eventIndex: last.eventIndex,
        })
      : null;
  return { items, nextCursor };
}
