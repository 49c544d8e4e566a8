import type { ChainEvent, ChainEventFilter, ChainEventRepository } from '../../chain/follower';

export type EventReads = Pick<ChainEventRepository, 'listRecent'>;

const PAGE = 1000;

/** Every stored event matching `filter`, newest first (all pages). */
export async function allEvents(
  events: EventReads,
  filter: ChainEventFilter,
): Promise<ChainEvent[]> {
  const out: ChainEvent[] = [];
  let cursor: string | null = null;
  do {
    const page = await events.listRecent({ ...filter, limit: PAGE, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

/** A decoded u128 field (stored as a decimal string), or null. */
export function decodedId(event: ChainEvent, field: string): bigint | null {
  const decoded = event.decoded;
  if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded)) {
    return null;
  }
  const value = decoded[field];
  return typeof value === 'string' && /^\d+$/.test(value) ? BigInt(value) : null;
}

/** Upper bound on the rows one enumeration reads (the listings are not paginated). */
export const MAX_ENUMERATED = 10_000;

/**
 * Ids of a contract's sequential counter (1, 2, …) that have a projected row. The contracts have no
 * enumeration getter and the projections no listing for these rows: the highest id named by a stored
 * creation event bounds the scan, which then continues while rows exist (rows seeded from the
 * counters before the first stored event).
 */
export async function enumerateIds<T>(
  events: EventReads,
  creation: Pick<ChainEventFilter, 'contract' | 'eventName'> & { readonly field: string },
  read: (id: bigint) => Promise<T | null>,
): Promise<T[]> {
  const latest = await events.listRecent({
    contract: creation.contract,
    eventName: creation.eventName,
    isFinal: true,
    limit: 1,
  });
  const first = latest.items[0];
  const maxKnown = (first && decodedId(first, creation.field)) ?? 0n;
  const rows: T[] = [];
  for (let id = 1n; id <= BigInt(MAX_ENUMERATED); id++) {
    const row = await read(id);
    if (row !== null) {
      rows.push(row);
    } else if (id > maxKnown) {
      break;
    }
  }
  return rows;
}
