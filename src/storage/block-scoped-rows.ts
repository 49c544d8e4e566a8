import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './schema';
import { toHex } from './sql-values';

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

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}
