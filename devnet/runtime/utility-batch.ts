import type { Codec } from '@polkadot/types/types';
import { checkpoint, type ChainState } from '../chain/chain-state';

/** A decoded runtime call: an extrinsic's method, or one call of a batch. */
export interface RuntimeCall {
  section: string;
  method: string;
  args: Codec[];
}

/** What dispatching one call did: its events (with their record topics), or its error. */
export type DispatchOutcome =
  { ok: true; events: Uint8Array[]; recordTopics?: Uint8Array[][] } | { ok: false; error: unknown };

export type BatchMode = 'batch' | 'batchAll' | 'forceBatch';

export const BATCH_MODES = {
  'utility.batch': 'batch',
  'utility.batchAll': 'batchAll',
  'utility.forceBatch': 'forceBatch',
} as const satisfies Record<string, BatchMode>;

export interface BatchRuntime {
  /** dispatches one inner call with the batch's origin, changing the state in place */
  dispatch(call: RuntimeCall): DispatchOutcome;
  event(section: string, method: string, args: unknown[]): Uint8Array;
  moduleError(section: string, name: string): DispatchOutcome;
  /** more calls than this is Utility::TooManyCalls */
  limit: number;
}

/**
 * pallet-utility's three batches, as Substrate runs them: each call is dispatched in turn with
 * the batch's origin and is transactional on its own (a failed call leaves no change behind).
 * - `batch` stops at the first failure with `BatchInterrupted` and still succeeds;
 * - `batchAll` fails as a whole with the first failure's error (the caller undoes everything);
 * - `forceBatch` goes on past failures (`ItemFailed`) and ends `BatchCompletedWithErrors`.
 * Each successful call is followed by `ItemCompleted`; a batch that ran to its end by
 * `BatchCompleted` (or `BatchCompletedWithErrors`).
 */
export function dispatchBatch(
  mode: BatchMode,
  calls: readonly RuntimeCall[],
  state: ChainState,
  runtime: BatchRuntime,
): DispatchOutcome {
  if (calls.length > runtime.limit) {
    return runtime.moduleError('utility', 'TooManyCalls');
  }
  const events: Uint8Array[] = [];
  const recordTopics: Uint8Array[][] = [];
  const emit = (event: Uint8Array, topics: Uint8Array[] = []) => {
    events.push(event);
    recordTopics.push(topics);
  };
  let failures = 0;
  for (const [index, call] of calls.entries()) {
    const restore = mode === 'batchAll' ? undefined : checkpoint(state);
    const outcome = runtime.dispatch(call);
    if (!outcome.ok) {
      if (mode === 'batchAll') {
        return outcome;
      }
      restore?.();
      if (mode === 'batch') {
        emit(runtime.event('utility', 'BatchInterrupted', [index, outcome.error]));
        return { ok: true, events, recordTopics };
      }
      failures += 1;
      emit(runtime.event('utility', 'ItemFailed', [outcome.error]));
      continue;
    }
    outcome.events.forEach((event, i) => emit(event, outcome.recordTopics?.[i]));
    emit(runtime.event('utility', 'ItemCompleted', []));
  }
  emit(runtime.event('utility', failures > 0 ? 'BatchCompletedWithErrors' : 'BatchCompleted', []));
  return { ok: true, events, recordTopics };
}
