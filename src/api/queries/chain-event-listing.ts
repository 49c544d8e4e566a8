import { AppError, InvalidStorageValueError } from '../../shared';
import type { ChainEvent, ChainEventRepository } from '../../chain/follower';

import { EVENTS_DEFAULT_LIMIT, type EventsPageBody, type ListEventsQuery } from '../dto/events.dto';

type EventBody = EventsPageBody['items'][number];

/** GET /events: stored chain events, newest first, filtered, one cursor page at a time. */
export class ChainEventListing {
  constructor(private readonly events: Pick<ChainEventRepository, 'listRecent'>) {}

  async list(query: ListEventsQuery): Promise<EventsPageBody> {
    const cursor = query.cursor ?? null;
    if (cursor !== null && !isPlausibleCursor(cursor)) {
      throw invalidCursor();
    }
    try {
      const page = await this.events.listRecent({
        contract: query.contract,
        eventName: query.eventName,
        isFinal: query.isFinal,
        fromBlock: query.fromBlock,
        toBlock: query.toBlock,
        limit: query.limit ?? EVENTS_DEFAULT_LIMIT,
        cursor,
      });
      return { items: page.items.map(toEventBody), nextCursor: page.nextCursor };
    } catch (err) {
      if (err instanceof InvalidStorageValueError && cursor !== null) {
        throw invalidCursor(err);
      }
      throw err;
    }
  }
}

export function invalidCursor(cause?: unknown): AppError {
  return new AppError(
    'INVALID_CURSOR',
    'cursor is not a nextCursor value from a previous page',
    { field: 'cursor' },
    { cause },
  );
}

const MAX_I64 = 9_223_372_036_854_775_807n;

/**
 * The storage cursor is opaque to clients but must stay inside the column ranges (a larger number
 * would fail in the database, not as a client error): base64url of `number:hash:index`.
 */
export function isPlausibleCursor(cursor: string): boolean {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const [number, hash, index] = parts;
  return (
    parts.length === 3 &&
    number !== undefined &&
    /^\d{1,19}$/.test(number) &&
    BigInt(number) <= MAX_I64 &&
    hash !== undefined &&
    /^0x[0-9a-f]{1,128}$/.test(hash) &&
    index !== undefined &&
    /^\d{1,9}$/.test(index)
  );
}

export function toEventBody(event: ChainEvent): EventBody {
  const decoded = event.decoded;
  return {
    id: event.id,
    contract: event.contract,
    contractAddress: event.contractAddress,
    pallet: event.pallet,
    eventName: event.eventName,
    block: { number: event.block.number.toString(), hash: event.block.hash },
    eventIndex: event.eventIndex,
    extrinsicIndex: event.extrinsicIndex,
    isFinal: event.isFinal,
    topics: event.topics,
    dataHex: event.dataHex,
    decoded:
      decoded !== null && typeof decoded === 'object' && !Array.isArray(decoded)
        ? decoded
        : { value: decoded },
    createdAt: event.createdAt.toISOString(),
  };
}
