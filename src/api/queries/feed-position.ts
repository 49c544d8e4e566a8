import { AppError } from '../../shared';

/** A position in the store's event order: after block `block`, event index `index`. */
export interface LanePosition {
  readonly block: bigint;
  readonly index: number;
}

/**
 * Where a notification stream stands: the last final event sent and the last tentative event sent.
 * Its SSE id is `<finalBlock>:<finalIndex>:<tentativeBlock>:<tentativeIndex>`; `0:0:0:0` replays
 * every stored event (block 0 holds no contract event).
 */
export interface FeedPosition {
  readonly final: LanePosition;
  readonly tentative: LanePosition;
}

/** Past every event index of a block. */
export const END_OF_BLOCK = 999_999_999;

const ID = /^(\d{1,19}):(\d{1,9}):(\d{1,19}):(\d{1,9})$/;
const MAX_BLOCK = 9_223_372_036_854_775_807n;

export function formatFeedId(p: FeedPosition): string {
  return `${p.final.block}:${p.final.index}:${p.tentative.block}:${p.tentative.index}`;
}

/** @throws AppError INVALID_CURSOR */
export function parseFeedId(id: string): FeedPosition {
  const m = ID.exec(id.trim());
  if (!m) {
    throw new AppError(
      'INVALID_CURSOR',
      'Last-Event-ID is not an id sent by this stream (<block>:<index>:<block>:<index>)',
      { field: 'Last-Event-ID' },
    );
  }
  const [finalBlock, finalIndex, tentBlock, tentIndex] = [m[1], m[2], m[3], m[4]] as string[];
  const final = { block: BigInt(finalBlock!), index: Number(finalIndex) };
  const tentative = { block: BigInt(tentBlock!), index: Number(tentIndex) };
  if (final.block > MAX_BLOCK || tentative.block > MAX_BLOCK) {
    throw new AppError('INVALID_CURSOR', 'Last-Event-ID block number too large', {
      field: 'Last-Event-ID',
    });
  }
  return { final, tentative };
}

export function isAfterPosition(block: bigint, index: number, p: LanePosition): boolean {
  return block > p.block || (block === p.block && index > p.index);
}
