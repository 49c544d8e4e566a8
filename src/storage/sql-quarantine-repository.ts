import type { Kysely, Selectable } from 'kysely';
import {
  chunk,
  deleteTentativeAbove,
  listNewestFirst,
  deleteTentativeSiblings,
  deleteTentativeByBlockHashes,
  markBlockFinal,
} from './block-scoped-rows';
import type {
  NewQuarantinedEvent,
  QuarantinedEvent,
  QuarantineRepository,
} from '../chain/follower';
import type { BlockRef, Page } from '../shared';
import type { DatabaseSchema, QuarantinedEventsTable } from './schema';
import {
  decodeStringArray,
  encodeJson,
  fromFlag,
  fromTimestamp,
  toBigInt,
  toFlag,
  toHex,
  toInt,
  toIntOrNull,
  toPallet,
  toTimestamp,
} from './sql-values';
import type { StorageContext } from './storage-context';

const INSERT_CHUNK = 200;

/** QuarantineRepository on `quarantined_events`; unique on (block_hash, event_index). */
export class SqlQuarantineRepository implements QuarantineRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly context: StorageContext,
  ) {}

  async add(events: readonly NewQuarantinedEvent[]): Promise<number> {
    const createdAt = toTimestamp(this.context.clock.now());
    const rows = events.map((event) => ({
      id: this.context.newId(),
      is_final: toFlag(event.isFinal),
      block_number: event.block.number,
      block_hash: toHex(event.block.hash, 'block hash'),
      event_index: event.eventIndex,
      extrinsic_index: event.extrinsicIndex,
      pallet: event.pallet,
      contract_address: toHex(event.contractAddress, 'contract address'),
      reason: event.reason,
      // Raw bytes are kept as given (lowercased) even when malformed: that may be why they are here.
      topics: encodeJson(event.topics.map((topic) => topic.toLowerCase())),
      data_hex: event.dataHex.toLowerCase(),
      created_at: createdAt,
    }));
    let inserted = 0;
    for (const batch of chunk(rows, INSERT_CHUNK)) {
      const result = await this.db
        .insertInto('quarantined_events')
        .values(batch)
        .onConflict((oc) => oc.columns(['block_hash', 'event_index']).doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return inserted;
  }

  async listRecent(query: {
    readonly limit: number;
    readonly cursor?: string | null;
  }): Promise<Page<QuarantinedEvent>> {
    return listNewestFirst(
      this.db.selectFrom('quarantined_events').selectAll(),
      query,
      toQuarantinedEvent,
    );
  }

  deleteTentativeAbove(blockNumber: bigint): Promise<number> {
    return deleteTentativeAbove(this.db, 'quarantined_events', blockNumber);
  }

  deleteTentativeSiblings(block: BlockRef): Promise<number> {
    return deleteTentativeSiblings(this.db, 'quarantined_events', block);
  }

  deleteByBlockHashes(blockHashes: readonly string[]): Promise<number> {
    return deleteTentativeByBlockHashes(this.db, 'quarantined_events', blockHashes);
  }

  markFinal(blockHash: string): Promise<number> {
    return markBlockFinal(this.db, 'quarantined_events', blockHash);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('quarantined_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return toInt(row.n, 'count');
  }
}

function toQuarantinedEvent(row: Selectable<QuarantinedEventsTable>): QuarantinedEvent {
  return {
    id: row.id,
    block: { number: toBigInt(row.block_number, 'block_number'), hash: row.block_hash },
    eventIndex: toInt(row.event_index, 'event_index'),
    extrinsicIndex: toIntOrNull(row.extrinsic_index, 'extrinsic_index'),
    isFinal: fromFlag(row.is_final),
    pallet: toPallet(row.pallet),
    contractAddress: row.contract_address,
    reason: row.reason,
    topics: decodeStringArray(row.topics, 'topics'),
    dataHex: row.data_hex,
    createdAt: fromTimestamp(row.created_at, 'created_at'),
  };
}
