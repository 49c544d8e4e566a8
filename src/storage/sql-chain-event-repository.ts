import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
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
  ChainEvent,
  ChainEventFilter,
  ChainEventRepository,
  ListChainEventsQuery,
  NewChainEvent,
} from '../chain/follower';
import type { BlockRef, Page } from '../shared';
import type { ChainEventsTable, DatabaseSchema } from './schema';
import {
  decodeJson,
  decodeStringArray,
  encodeHexArray,
  encodeJson,
  fromFlag,
  fromTimestamp,
  HexCache,
  toBigInt,
  toFlag,
  toHex,
  toInt,
  toContractName,
  toIntOrNull,
  toPallet,
  toTimestamp,
} from './sql-values';
import type { StorageContext } from './storage-context';

const INSERT = new BulkInsert(
  'chain_events',
  [
    'id',
    'is_final',
    'block_number',
    'block_hash',
    'event_index',
    'extrinsic_index',
    'pallet',
    'contract',
    'contract_address',
    'event_name',
    'topics',
    'data_hex',
    'decoded',
    'created_at',
  ],
  ['block_hash', 'event_index'],
);
type EventsBuilder = ExpressionBuilder<DatabaseSchema, 'chain_events'>;

/** ChainEventRepository on `chain_events`; uniqueness from its (block_hash, event_index) constraint. */
export class SqlChainEventRepository implements ChainEventRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly dialect: DialectName,
    private readonly context: StorageContext,
  ) {}

  insertMany(events: readonly NewChainEvent[]): Promise<number> {
    const createdAt = toTimestamp(this.context.clock.now());
    const blockHashes = new HexCache('block hash');
    const addresses = new HexCache('contract address');
    // values in the order of INSERT's columns
    const rows = events.map((event) => [
      this.context.newId(),
      toFlag(event.isFinal),
      event.block.number,
      blockHashes.get(event.block.hash),
      event.eventIndex,
      event.extrinsicIndex,
      event.pallet,
      event.contract,
      addresses.get(event.contractAddress),
      event.eventName,
      encodeHexArray(event.topics, 'topic'),
      toHex(event.dataHex, 'event data'),
      encodeJson(event.decoded),
      createdAt,
    ]);
    return INSERT.execute(this.db, this.dialect, rows);
  }

  settleFinal(blocks: readonly BlockRef[]): Promise<void> {
    return settleFinalBlocks(this.db, 'chain_events', blocks);
  }

  async listRecent(query: ListChainEventsQuery): Promise<Page<ChainEvent>> {
    return listNewestFirst(
      this.db
        .selectFrom('chain_events')
        .selectAll()
        .where((eb) => matches(eb, query)),
      query,
      toChainEvent,
    );
  }

  deleteTentativeAbove(blockNumber: bigint): Promise<number> {
    return deleteTentativeAbove(this.db, 'chain_events', blockNumber);
  }

  deleteTentativeSiblings(block: BlockRef): Promise<number> {
    return deleteTentativeSiblings(this.db, 'chain_events', block);
  }

  deleteByBlockHashes(blockHashes: readonly string[]): Promise<number> {
    return deleteTentativeByBlockHashes(this.db, 'chain_events', blockHashes);
  }

  markFinal(blockHash: string): Promise<number> {
    return markBlockFinal(this.db, 'chain_events', blockHash);
  }

  async count(filter: ChainEventFilter = {}): Promise<number> {
    const row = await this.db
      .selectFrom('chain_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where((eb) => matches(eb, filter))
      .executeTakeFirstOrThrow();
    return toInt(row.n, 'count');
  }
}

function matches(eb: EventsBuilder, filter: ChainEventFilter) {
  const conditions = [];
  if (filter.contract !== undefined) {
    conditions.push(eb('contract', '=', filter.contract));
  }
  if (filter.contractAddress !== undefined) {
    conditions.push(eb('contract_address', '=', toHex(filter.contractAddress, 'contract address')));
  }
  if (filter.eventName !== undefined) {
    conditions.push(eb('event_name', '=', filter.eventName));
  }
  if (filter.isFinal !== undefined) {
    conditions.push(eb('is_final', '=', toFlag(filter.isFinal)));
  }
  if (filter.fromBlock !== undefined) {
    conditions.push(eb('block_number', '>=', filter.fromBlock));
  }
  if (filter.toBlock !== undefined) {
    conditions.push(eb('block_number', '<=', filter.toBlock));
  }
  return eb.and(conditions);
}

function toChainEvent(row: Selectable<ChainEventsTable>): ChainEvent {
  return {
    id: row.id,
    block: { number: toBigInt(row.block_number, 'block_number'), hash: row.block_hash },
    eventIndex: toInt(row.event_index, 'event_index'),
    extrinsicIndex: toIntOrNull(row.extrinsic_index, 'extrinsic_index'),
    isFinal: fromFlag(row.is_final),
    pallet: toPallet(row.pallet),
    contract: toContractName(row.contract),
    contractAddress: row.contract_address,
    eventName: row.event_name,
    topics: decodeStringArray(row.topics, 'topics'),
    dataHex: row.data_hex,
    decoded: decodeJson(row.decoded),
    createdAt: fromTimestamp(row.created_at, 'created_at'),
  };
}
