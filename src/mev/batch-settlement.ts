import { MAX_U128 } from './u128';
import type { PendingIntent } from './pending-intent';
import { formatExecutionPrice, outputAt, type Price } from './price';
import { pairKey, type TokenPair } from './token-pair';

/** What one member of an executed batch receives. */
export interface IntentFill {
  readonly intentId: bigint;
  readonly amountIn: bigint;
  readonly minOutput: bigint;
  /** `amountIn` at the clearing price, rounded down. */
  readonly output: bigint;
  /** `output - minOutput`: what the user got above the least they accepted (the saving). */
  readonly surplus: bigint;
}

export interface BatchSettlement {
  readonly pair: TokenPair;
  readonly clearingPrice: Price;
  readonly executionPrice: string;
  /** Ordered by intent id. */
  readonly fills: readonly IntentFill[];
  /** `execute_batch`'s `actual_output`: the sum of the fills' outputs (tokenOut units). */
  readonly actualOutput: bigint;
  readonly totalAmountIn: bigint;
  /** Equals the contract's `total_volume` for the batch. */
  readonly totalMinOutput: bigint;
  readonly totalSurplus: bigint;
}

/** A batch to settle: a `BatchPlan`, or members and price rebuilt from chain data. */
export interface SettlementInput {
  readonly clearingPrice: Price;
  readonly intents: readonly PendingIntent[];
}

/**
 * - `empty-batch`: no members;
 * - `mixed-pairs`: members trade different pairs (possible in batches others created on chain);
 * - `duplicate-intent`: an intent id appears twice;
 * - `below-minimum`: a member would get less than its `min_output`;
 * - `output-too-large`: `actual_output` would not fit in a u128.
 */
export type SettlementErrorCode =
  'empty-batch' | 'mixed-pairs' | 'duplicate-intent' | 'below-minimum' | 'output-too-large';

export type SettlementResult =
  | { readonly ok: true; readonly settlement: BatchSettlement }
  | { readonly ok: false; readonly code: SettlementErrorCode; readonly reason: string };

/** Fills every member at the one clearing price; refuses rather than fill below a minimum. */
export function computeBatchSettlement(batch: SettlementInput): SettlementResult {
  const members = [...batch.intents].sort((a, b) =>
    a.intentId < b.intentId ? -1 : a.intentId > b.intentId ? 1 : 0,
  );
  const first = members[0];
  if (first === undefined) {
    return { ok: false, code: 'empty-batch', reason: 'a batch needs at least one intent' };
  }
  const pair = { tokenIn: first.tokenIn, tokenOut: first.tokenOut };
  if (members.some((m) => pairKey(m) !== pairKey(pair))) {
    return { ok: false, code: 'mixed-pairs', reason: 'the batch mixes token pairs' };
  }
  const duplicate = members.find((m, i) => i > 0 && members[i - 1]?.intentId === m.intentId);
  if (duplicate !== undefined) {
    const reason = `intent ${duplicate.intentId} appears more than once`;
    return { ok: false, code: 'duplicate-intent', reason };
  }
  const executionPrice = formatExecutionPrice(batch.clearingPrice);
  const fills: IntentFill[] = [];
  for (const m of members) {
    const output = outputAt(batch.clearingPrice, m.amountIn);
    if (output < m.minOutput) {
      const reason = `at ${executionPrice}, intent ${m.intentId} would get ${output}, below min_output ${m.minOutput}`;
      return { ok: false, code: 'below-minimum', reason };
    }
    const { intentId, amountIn, minOutput } = m;
    fills.push({ intentId, amountIn, minOutput, output, surplus: output - minOutput });
  }
  const actualOutput = sum(fills.map((f) => f.output));
  if (actualOutput > MAX_U128) {
    const reason = `actual_output ${actualOutput} does not fit in a u128`;
    return { ok: false, code: 'output-too-large', reason };
  }
  return {
    ok: true,
    settlement: {
      pair,
      clearingPrice: batch.clearingPrice,
      executionPrice,
      fills,
      actualOutput,
      totalAmountIn: sum(fills.map((f) => f.amountIn)),
      totalMinOutput: sum(fills.map((f) => f.minOutput)),
      totalSurplus: sum(fills.map((f) => f.surplus)),
    },
  };
}

function sum(values: readonly bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}
