import { MAX_U128 } from './u128';
import { batchSizes } from './batch-sizes';
import { formatExecutionRoute } from './execution-route';
import type { PendingIntent } from './pending-intent';
import { formatExecutionPrice, outputAt, type Price } from './price';
import { isWellFormedPair, pairKey, type ClearingPriceSource, type TokenPair } from './token-pair';

/** `mev_protection`'s own bounds on a batch's length (spec §8.1: 5 ..= 100). */
export const DEFAULT_MIN_BATCH_SIZE = 5;
export const DEFAULT_MAX_BATCH_SIZE = 100;

export interface FairBatchOptions {
  readonly minBatchSize?: number;
  readonly maxBatchSize?: number;
  readonly clearingPrices: ClearingPriceSource;
}

/** One `create_batch` call: intents of one pair, all filled at one clearing price. */
export interface BatchPlan {
  readonly pair: TokenPair;
  readonly clearingPrice: Price;
  /** Members ordered by intent id; each gets at least its `minOutput` at `clearingPrice`. */
  readonly intents: readonly PendingIntent[];
  readonly intentIds: readonly bigint[];
  /** `create_batch(intent_ids, execution_route)`. */
  readonly executionRoute: string;
  /** `execute_batch(batch_id, actual_output, execution_price)`. */
  readonly executionPrice: string;
}

/**
 * - `malformed-token`: a token holds a lone UTF-16 surrogate (cannot come from a chain string);
 * - `no-price`: the price source has no price for the pair;
 * - `below-minimum`: at the clearing price the intent would get less than its `min_output`;
 * - `output-too-large`: the output is so large that a full batch could overflow u128;
 * - `conflicting-duplicate`: the same intent id came twice with different terms.
 */
export type ExclusionCode =
  'malformed-token' | 'no-price' | 'below-minimum' | 'output-too-large' | 'conflicting-duplicate';

export interface ExcludedIntent {
  readonly intentId: bigint;
  readonly pair: TokenPair;
  readonly code: ExclusionCode;
  readonly reason: string;
}

/** Eligible intents left for a later run: too few for a batch, or beyond what batches can hold. */
export interface WaitingIntents {
  readonly pair: TokenPair;
  readonly intentIds: readonly bigint[];
  readonly reason: string;
}

export interface FairBatchPlanning {
  /** Ordered by their first intent id (oldest intents first). */
  readonly batches: BatchPlan[];
  /** Ordered by intent id. */
  readonly excluded: ExcludedIntent[];
  /** Ordered by their first intent id. */
  readonly waiting: WaitingIntents[];
}

/**
 * Groups Pending intents by (token_in, token_out) and plans batches with one clearing price per
 * pair. An intent is never planned below its minimum: it is excluded with a reason instead. The
 * result depends only on the set of intents, not their order.
 */
export function formFairBatches(
  intents: readonly PendingIntent[],
  options: FairBatchOptions,
): FairBatchPlanning {
  const min = options.minBatchSize ?? DEFAULT_MIN_BATCH_SIZE;
  const max = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 1 || max < min) {
    throw new RangeError(`batch sizes need 1 <= minBatchSize <= maxBatchSize, got ${min}..${max}`);
  }
  const { unique, excluded } = dedupe(intents);
  const batches: BatchPlan[] = [];
  const waiting: WaitingIntents[] = [];
  for (const group of groupByPair(unique)) {
    const planned = planPair(group.pair, group.intents, options.clearingPrices, min, max);
    batches.push(...planned.batches);
    excluded.push(...planned.excluded);
    waiting.push(...planned.waiting);
  }
  const firstId = (x: { intentIds: readonly bigint[] }) => x.intentIds[0] ?? 0n;
  return {
    batches: batches.sort((a, b) => compareIds(firstId(a), firstId(b))),
    excluded: excluded.sort((a, b) => compareIds(a.intentId, b.intentId)),
    waiting: waiting.sort((a, b) => compareIds(firstId(a), firstId(b))),
  };
}

function planPair(
  pair: TokenPair,
  intents: readonly PendingIntent[],
  prices: ClearingPriceSource,
  min: number,
  max: number,
): FairBatchPlanning {
  const unplannable = (code: ExclusionCode, reason: string) => ({
    batches: [],
    excluded: intents.map((i) => ({ intentId: i.intentId, pair, code, reason })),
    waiting: [],
  });
  if (!isWellFormedPair(pair)) {
    return unplannable('malformed-token', `${describe(pair)} holds a lone UTF-16 surrogate`);
  }
  const clearingPrice = prices.clearingPrice(pair);
  if (clearingPrice === null) {
    return unplannable('no-price', `no clearing price for ${describe(pair)}`);
  }
  const excluded: ExcludedIntent[] = [];
  const eligible: PendingIntent[] = [];
  // A member's output at most MAX_U128 / max keeps any batch's actual_output within u128.
  const outputCap = MAX_U128 / BigInt(max);
  const priceText = formatExecutionPrice(clearingPrice);
  for (const intent of intents) {
    const output = outputAt(clearingPrice, intent.amountIn);
    if (output < intent.minOutput) {
      const reason = `at ${priceText}, ${intent.amountIn} in gives ${output}, below min_output ${intent.minOutput}`;
      excluded.push({ intentId: intent.intentId, pair, code: 'below-minimum', reason });
    } else if (output > outputCap) {
      const reason = `at ${priceText}, ${intent.amountIn} in gives ${output}, over the per-intent cap ${outputCap}`;
      excluded.push({ intentId: intent.intentId, pair, code: 'output-too-large', reason });
    } else {
      eligible.push(intent);
    }
  }
  const sizes = batchSizes(eligible.length, min, max);
  const batches: BatchPlan[] = [];
  let next = 0;
  for (const size of sizes) {
    const members = eligible.slice(next, next + size);
    next += size;
    batches.push({
      pair,
      clearingPrice,
      intents: members,
      intentIds: members.map((i) => i.intentId),
      executionRoute: formatExecutionRoute(pair, clearingPrice),
      executionPrice: priceText,
    });
  }
  const left = eligible.slice(next).map((i) => i.intentId);
  const waiting: WaitingIntents[] =
    left.length === 0
      ? []
      : [
          {
            pair,
            intentIds: left,
            reason:
              sizes.length === 0
                ? `${left.length} eligible intent(s) for ${describe(pair)}; a batch needs ${min}`
                : `batches of ${min}..${max} cannot hold all ${eligible.length} eligible intents this run`,
          },
        ];
  return { batches, excluded, waiting };
}

interface PairGroup {
  readonly pair: TokenPair;
  readonly intents: PendingIntent[];
}

/** Groups by pair, each group ordered by intent id (input order does not matter). */
function groupByPair(intents: readonly PendingIntent[]): PairGroup[] {
  const groups = new Map<string, PairGroup>();
  for (const intent of [...intents].sort((a, b) => compareIds(a.intentId, b.intentId))) {
    const key = pairKey(intent);
    let group = groups.get(key);
    if (group === undefined) {
      group = { pair: { tokenIn: intent.tokenIn, tokenOut: intent.tokenOut }, intents: [] };
      groups.set(key, group);
    }
    group.intents.push(intent);
  }
  return [...groups.values()];
}

/** Identical copies of an intent collapse into one; copies that differ are all excluded. */
function dedupe(intents: readonly PendingIntent[]): {
  unique: PendingIntent[];
  excluded: ExcludedIntent[];
} {
  const byId = new Map<bigint, PendingIntent[]>();
  for (const intent of intents) {
    byId.set(intent.intentId, [...(byId.get(intent.intentId) ?? []), intent]);
  }
  const unique: PendingIntent[] = [];
  const excluded: ExcludedIntent[] = [];
  for (const [intentId, copies] of byId) {
    const first = copies[0] as PendingIntent; // every entry has at least one copy
    if (copies.every((c) => sameTerms(c, first))) {
      unique.push(first);
    } else {
      const reason = `intent ${intentId} was given ${copies.length} times with different terms`;
      excluded.push({ intentId, pair: lowestPair(copies), code: 'conflicting-duplicate', reason });
    }
  }
  return { unique, excluded };
}

function sameTerms(a: PendingIntent, b: PendingIntent): boolean {
  return (
    a.tokenIn === b.tokenIn &&
    a.tokenOut === b.tokenOut &&
    a.amountIn === b.amountIn &&
    a.minOutput === b.minOutput
  );
}

/** The pair reported for conflicting copies: the smallest key, so input order does not matter. */
function lowestPair(copies: readonly PendingIntent[]): TokenPair {
  const keyed = copies.map((c) => ({
    key: pairKey(c),
    pair: { tokenIn: c.tokenIn, tokenOut: c.tokenOut },
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return (keyed[0] as (typeof keyed)[number]).pair;
}

function compareIds(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(pair: TokenPair): string {
  return `${JSON.stringify(pair.tokenIn)} -> ${JSON.stringify(pair.tokenOut)}`;
}
