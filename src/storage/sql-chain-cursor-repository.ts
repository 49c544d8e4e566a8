import type { Kysely, Selectable } from 'kysely';
import type { ChainCursor, ChainCursorRepository, CursorLane } from '../chain/follower';
import { type BlockRef, InvalidStorageValueError, StaleCursorError } from '../shared';
import type { ChainCursorsTable, DatabaseSchema } from './schema';
import { fromTimestamp, toBigInt, toHex, toInt, toTimestamp } from './sql-values';
import type { StorageContext } from './storage-context';

const LANES: readonly CursorLane[] = ['best', 'finalized'];

/** ChainCursorRepository on `chain_cursors`, optimistic locking on `version`. */
export class SqlChainCursorRepository implements ChainCursorRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly context: StorageContext,
  ) {}

  async get(lane: CursorLane): Promise<ChainCursor | null> {
    const row = await this.db
      .selectFrom('chain_cursors')
      .selectAll()
      .where('lane', '=', lane)
      .executeTakeFirst();
    return row === undefined ? null : toChainCursor(row);
  }

  async advance(lane: CursorLane, expectedVersion: number, to: BlockRef): Promise<ChainCursor> {
    if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
      throw new InvalidStorageValueError('expected cursor version must be an integer >= 0', {
        expectedVersion,
      });
    }
    if (to.number < 0n) {
      throw new InvalidStorageValueError('block number must not be negative', {
        blockNumber: to.number.toString(),
      });
    }
    const position = {
      block_number: to.number,
      block_hash: toHex(to.hash, 'block hash'),
      updated_at: toTimestamp(this.context.clock.now()),
    };
    const row =
      expectedVersion === 0
        ? await this.db
            .insertInto('chain_cursors')
            .values({ lane, version: 1, ...position })
            .onConflict((oc) => oc.column('lane').doNothing())
            .returningAll()
            .executeTakeFirst()
        : await this.db
            .updateTable('chain_cursors')
            .set({ version: expectedVersion + 1, ...position })
            .where('lane', '=', lane)
            .where('version', '=', expectedVersion)
            .returningAll()
            .executeTakeFirst();
    if (row === undefined) {
      throw new StaleCursorError(lane, expectedVersion);
    }
    return toChainCursor(row);
  }
}

function toChainCursor(row: Selectable<ChainCursorsTable>): ChainCursor {
  const lane = LANES.find((known) => known === row.lane);
  if (lane === undefined) {
    throw new InvalidStorageValueError('unknown cursor lane in chain_cursors', { lane: row.lane });
  }
  return {
    lane,
    block: { number: toBigInt(row.block_number, 'block_number'), hash: row.block_hash },
    version: toInt(row.version, 'version'),
    updatedAt: fromTimestamp(row.updated_at, 'updated_at'),
  };
}
