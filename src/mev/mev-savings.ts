import type { BatchSettlement } from './batch-settlement';
import { pairKey, type TokenPair } from './token-pair';

/** Savings of one token pair. Amounts are decimal strings in the tokens' smallest units. */
export interface PairSavings {
  readonly pair: TokenPair;
  readonly batchCount: number;
  readonly intentCount: number;
  /** tokenIn units. */
  readonly totalAmountIn: string;
  /** tokenOut units from here on. */
  readonly totalOutput: string;
  readonly totalMinOutput: string;
  readonly totalSurplus: string;
  /** Rounded down. */
  readonly averageSurplusPerBatch: string;
  readonly averageSurplusPerIntent: string;
  /** totalSurplus / totalMinOutput with fixed decimals, rounded down; null when the minimums sum to 0. */
  readonly surplusRatio: string | null;
}

/**
 * Amounts of different tokens cannot be added, so totals are per pair (ordered by pair);
 * only the counts are overall.
 */
export interface MevSavingsSummary {
  readonly batchCount: number;
  readonly intentCount: number;
  readonly pairs: PairSavings[];
}

export const DEFAULT_RATIO_DECIMALS = 6;

/** Totals over executed batches (one settlement per batch; the caller dedupes re-executions). */
export function summariseMevSavings(
  executedBatches: readonly BatchSettlement[],
  ratioDecimals = DEFAULT_RATIO_DECIMALS,
): MevSavingsSummary {
  if (!Number.isSafeInteger(ratioDecimals) || ratioDecimals < 0 || ratioDecimals > 36) {
    throw new RangeError(`ratioDecimals must be an integer in 0..36, got ${ratioDecimals}`);
  }
  const groups = new Map<string, BatchSettlement[]>();
  for (const batch of executedBatches) {
    const key = pairKey(batch.pair);
    groups.set(key, [...(groups.get(key) ?? []), batch]);
  }
  const keys = [...groups.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const pairs = keys.map((key) => pairSavings(groups.get(key) ?? [], ratioDecimals));
  return {
    batchCount: executedBatches.length,
    intentCount: pairs.reduce((n, p) => n + p.intentCount, 0),
    pairs,
  };
}

function pairSavings(batches: readonly BatchSettlement[], decimals: number): PairSavings {
  const total = (pick: (b: BatchSettlement) => bigint) => batches.reduce((s, b) => s + pick(b), 0n);
  const intentCount = batches.reduce((n, b) => n + b.fills.length, 0);
  const totalSurplus = total((b) => b.totalSurplus);
  const totalMinOutput = total((b) => b.totalMinOutput);
  return {
    pair: (batches[0] as BatchSettlement).pair, // groups are never empty
    batchCount: batches.length,
    intentCount,
    totalAmountIn: total((b) => b.totalAmountIn).toString(),
    totalOutput: total((b) => b.actualOutput).toString(),
    totalMinOutput: totalMinOutput.toString(),
    totalSurplus: totalSurplus.toString(),
    averageSurplusPerBatch: (totalSurplus / BigInt(batches.length)).toString(),
    averageSurplusPerIntent:
      intentCount === 0 ? '0' : (totalSurplus / BigInt(intentCount)).toString(),
    surplusRatio:
      totalMinOutput === 0n ? null : formatRatio(totalSurplus, totalMinOutput, decimals),
  };
}

/** `num / den` (both >= 0, den > 0) with exactly `decimals` digits after the point, rounded down. */
export function formatRatio(num: bigint, den: bigint, decimals: number): string {
  const scaled = (num * 10n ** BigInt(decimals)) / den;
  if (decimals === 0) {
    return scaled.toString();
  }
  const digits = scaled.toString().padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}
