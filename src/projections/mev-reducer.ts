import type { Batch, BatchResult, Intent } from '../contracts';
import {
  END_OF_BLOCK_SEQ,
  isAfter,
  type EventPosition,
  type ProjectedBatch,
  type ProjectedIntent,
} from './projection-types';

/**
 * mev_protection (§8.4, §8.6). Events carry only ids; the rows come from `get_intent`,
 * `get_batch` and `get_batch_result` at the event's block. Batching works from any intent state
 * (re-batching moves the intent to the new batch); executing can repeat and overwrites the result.
 */

/** IntentSubmitted: a Pending intent from `get_intent` (null when the read found none). */
export function reduceIntentSubmitted(
  current: ProjectedIntent | null,
  at: EventPosition,
  snapshot: Intent | null | undefined,
): ProjectedIntent | null {
  if ((current !== null && !isAfter(at, current.updated)) || !snapshot) {
    return null;
  }
  return { ...snapshot, status: 'Pending', batchId: null, submittedBlock: at.block, updated: at };
}

export interface BatchChange {
  readonly batch: ProjectedBatch | null;
  readonly intents: ProjectedIntent[];
}

/** BatchCreated: the batch from `get_batch`; every known member intent becomes Batched into it. */
export function reduceBatchCreated(
  current: ProjectedBatch | null,
  members: ReadonlyMap<bigint, ProjectedIntent>,
  at: EventPosition,
  snapshot: Batch | null | undefined,
): BatchChange {
  if ((current !== null && !isAfter(at, current.updated)) || !snapshot) {
    return { batch: null, intents: [] };
  }
  const batch: ProjectedBatch = {
    ...snapshot,
    status: 'Pending',
    executedAt: null,
    result: null,
    executionCount: 0,
    createdBlock: at.block,
    updated: at,
  };
  const intents = touched(snapshot.intentIds, members, at, (intent) => ({
    ...intent,
    status: 'Batched',
    batchId: snapshot.batchId,
    updated: at,
  }));
  return { batch, intents };
}

export interface BatchExecutedSnapshots {
  readonly batch?: Batch | null;
  readonly result?: BatchResult | null;
}

/**
 * BatchExecuted: the batch is Executed with the latest result; every known member intent becomes
 * Executed (its batch id stays, even if it was re-batched elsewhere). A batch the projection does
 * not know adopts the `get_batch` snapshot (state after the block).
 */
export function reduceBatchExecuted(
  current: ProjectedBatch | null,
  members: ReadonlyMap<bigint, ProjectedIntent>,
  at: EventPosition,
  snapshots: BatchExecutedSnapshots,
): BatchChange {
  if (current !== null && !isAfter(at, current.updated)) {
    return { batch: null, intents: [] };
  }
  const result = snapshots.result;
  let batch: ProjectedBatch | null = null;
  if (current !== null) {
    batch = {
      ...current,
      status: 'Executed',
      executedAt: snapshots.batch?.executedAt ?? result?.timestamp ?? current.executedAt,
      result: result ? resultOf(result) : current.result,
      executionCount: current.executionCount + 1,
      updated: at,
    };
  } else if (snapshots.batch) {
    batch = {
      ...snapshots.batch,
      result: result ? resultOf(result) : null,
      executionCount: 1,
      createdBlock: null,
      updated: { block: at.block, seq: END_OF_BLOCK_SEQ },
    };
  }
  const memberIds = current?.intentIds ?? snapshots.batch?.intentIds ?? [];
  const intents = touched(memberIds, members, at, (intent) => ({
    ...intent,
    status: 'Executed',
    updated: at,
  }));
  return { batch, intents };
}

/** Distinct ids of `ids` whose intent is known and not yet past `at`, changed by `change`. */
function touched(
  ids: readonly bigint[],
  members: ReadonlyMap<bigint, ProjectedIntent>,
  at: EventPosition,
  change: (intent: ProjectedIntent) => ProjectedIntent,
): ProjectedIntent[] {
  const out: ProjectedIntent[] = [];
  for (const id of new Set(ids)) {
    const intent = members.get(id);
    if (intent !== undefined && isAfter(at, intent.updated)) {
      out.push(change(intent));
    }
  }
  return out;
}

function resultOf(result: BatchResult): ProjectedBatch['result'] {
  const { success, totalInputAmount, totalOutputAmount, executionPrice, timestamp } = result;
  return { success, totalInputAmount, totalOutputAmount, executionPrice, timestamp };
}

/** An intent as `get_intent` returns it. */
export function intentView(intent: ProjectedIntent): Intent {
  const { intentId, user, encryptedIntent, tokenIn, tokenOut, minOutput, status } = intent;
  return {
    intentId,
    user,
    encryptedIntent,
    tokenIn,
    tokenOut,
    minOutput,
    status,
    createdAt: intent.createdAt,
    batchId: intent.batchId,
  };
}

/** A batch as `get_batch` returns it, and its result as `get_batch_result` returns it. */
export function batchView(batch: ProjectedBatch): { batch: Batch; result: BatchResult | null } {
  const {
    batchId,
    intentIds,
    intentCount,
    totalVolume,
    executionRoute,
    status,
    createdAt,
    executedAt,
  } = batch;
  return {
    batch: {
      batchId,
      intentIds,
      intentCount,
      totalVolume,
      executionRoute,
      status,
      createdAt,
      executedAt,
    },
    result: batch.result ? { batchId, ...batch.result } : null,
  };
}
