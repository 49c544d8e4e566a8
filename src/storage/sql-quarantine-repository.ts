import type { Kysely, Selectable } from 'kysely';
import {
  deleteTentativeAbove,
  listNewestFirst,
  deleteTentativeSiblings,
  deleteTentativeByBlockHashes,
  markBlockFinal,
  settleFinalBlocks,
} from './block-scoped-rows';
import { BulkInsert } from './bulk-insert';
import type { DialectName } from './database';
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

const INSERT = new BulkInsert(
  'quarantined_events',
  [
    'id',
    'is_final',
    'block_number',
    'block_hash',
    'event_index',
    'extrinsic_index',
    'pallet',
    'contract_address',
    'reason',
    'topics',
    'data_hex',
    'created_at',
  ],
  ['block_hash', 'event_index'],
);

/** QuarantineRepository on `quarantined_events`; unique on (block_hash, event_index). */
export class SqlQuarantineRepository implements QuarantineRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly dialect: DialectName,
    private readonly context: StorageContext,
  ) {}

  add(events: readonly NewQuarantinedEvent[]): Promise<number> {
    const createdAt = toTimestamp(this.context.clock.now());
    // values in the order of INSERT's columns
    const rows = events.map((event) => [
      this.context.newId(),
      toFlag(event.isFinal),
      event.block.number,
      toHex(event.block.hash, 'block hash'),
      event.eventIndex,
      event.extrinsicIndex,
      event.pallet,
      toHex(event.contractAddress, 'contract address'),
      event.reason,
      // Raw bytes are kept as given (lowercased) even when malformed: that may be why they are here.
      encodeJson(event.topics.map((topic) => topic.toLowerCase())),
      event.dataHex.toLowerCase(),
      createdAt,
    ]);
    return INSERT.execute(this.db, this.dialect, rows);
  }

  settleFinal(blocks: readonly BlockRef[]): Promise<void> {
    return settleFinalBlocks(this.db, 'quarantined_events', blocks);
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
