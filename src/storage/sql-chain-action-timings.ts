import { sql, type Kysely } from 'kysely';
import type { ChainActionTimingBounds, ChainActionTimings } from '../observability';
import type { DialectName } from './database';
import type { DatabaseSchema } from './schema';
import {
  bucketIndex,
  elapsedMs,
  textTimestamp,
  toBucketCounts,
  type BucketRow,
} from './sql-histogram';

/**
 * ChainActionTimingsReader.timingHistograms on `chain_actions` (and `chain_events` for inclusion
 * blocks that only the finalized block's hash records): three aggregate queries.
 */
export async function readChainActionTimings(
  db: Kysely<DatabaseSchema>,
  dialect: DialectName,
  bounds: ChainActionTimingBounds,
): Promise<ChainActionTimings[]> {
  type Row = BucketRow & { message: string };
  // An action can go from submitted straight to finalized (found in a finalized block): then the
  // inclusion block is the finalized block, whose number the stored events of that block give.
  const included = sql`coalesce(included_block_number, (select min(e.block_number)
    from chain_events e where e.block_hash = chain_actions.finalized_block_hash))`;
  const blocks = sql<number>`(${included} - era_birth)`;
  const seconds = sql<number>`(${elapsedMs(
    dialect,
    textTimestamp(dialect, sql.ref('signed_at')),
    sql.ref('updated_at'),
  )} / 1000.0)`;
  const [inclusion, finality, attempts] = await Promise.all([
    sql<Row>`select message, ${bucketIndex(blocks, bounds.inclusionBlocks)} as bucket,
        count(*) as n, sum(${blocks}) as total
      from chain_actions
      where status = 'finalized' and era_birth is not null and ${included} is not null
      group by message, bucket`.execute(db),
    sql<Row>`select message, ${bucketIndex(seconds, bounds.finalitySeconds)} as bucket,
        count(*) as n, sum(${seconds}) as total
      from chain_actions where status = 'finalized' and signed_at is not null
      group by message, bucket`.execute(db),
    sql<{ message: string; extra: number | string | null }>`
      select message, sum(attempts - 1) as extra from chain_actions where attempts > 1
      group by message`.execute(db),
  ]);
  const messages = [
    ...new Set([...inclusion.rows, ...finality.rows, ...attempts.rows].map((r) => r.message)),
  ].sort();
  return messages.map((message) => ({
    message,
    inclusionBlocks: toBucketCounts(
      inclusion.rows.filter((r) => r.message === message),
      bounds.inclusionBlocks,
    ),
    finalitySeconds: toBucketCounts(
      finality.rows.filter((r) => r.message === message),
      bounds.finalitySeconds,
    ),
    extraAttempts: Number(attempts.rows.find((r) => r.message === message)?.extra ?? 0),
  }));
}
