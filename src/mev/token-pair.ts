import type { Price } from './price';

/** The tokens of an intent exactly as stored on chain (`token_in`, `token_out`; case matters). */
export interface TokenPair {
  readonly tokenIn: string;
  readonly tokenOut: string;
}

/** An unambiguous key for a pair (never throws, whatever the strings hold). */
export function pairKey(pair: TokenPair): string {
  return JSON.stringify([pair.tokenIn, pair.tokenOut]);
}

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Whether both tokens are well-formed Unicode (no lone surrogates), so they can be written into
 * an execution route. Tokens decoded from chain strings (UTF-8) always are.
 */
export function isWellFormedPair(pair: TokenPair): boolean {
  return !LONE_SURROGATE.test(pair.tokenIn) && !LONE_SURROGATE.test(pair.tokenOut);
}

/**
 * Port: where clearing prices come from (an oracle, a DEX quote, a fixed table). Called once per
 * pair per planning run; null means no price, so the pair's intents are not batched.
 */
export interface ClearingPriceSource {
  clearingPrice(pair: TokenPair): Price | null;
}

/** A fixed per-pair price table. A pair listed twice is a configuration mistake and throws. */
export function priceTable(entries: Iterable<readonly [TokenPair, Price]>): ClearingPriceSource {
  const prices = new Map<string, Price>();
  for (const [pair, p] of entries) {
    const key = pairKey(pair);
    if (prices.has(key)) {
      throw new RangeError(`the price table lists ${pair.tokenIn}->${pair.tokenOut} twice`);
    }
    prices.set(key, p);
  }
  return { clearingPrice: (pair) => prices.get(pairKey(pair)) ?? null };
}
