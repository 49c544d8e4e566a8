/*
 * Stats read models: histograms over rows that never change again (finalized actions, finished
 * jobs), so their counts only grow. src/storage computes them with aggregate queries.
 */

/** Values counted per bucket (not cumulative; `counts.length` = bounds + 1, the last is +Inf). */
export interface BucketCounts {
  readonly counts: readonly number[];
  readonly sum: number;
  readonly count: number;
}

/** Upper bounds (inclusive, ascending) of histogram buckets; a last +Inf bucket is implied. */
export interface ChainActionTimingBounds {
  readonly inclusionBlocks: readonly number[];
  readonly finalitySeconds: readonly number[];
}

export interface ChainActionTimings {
  readonly message: string;
  readonly inclusionBlocks: BucketCounts;
  readonly finalitySeconds: BucketCounts;
  /** Claims beyond the first, summed over every action of this message (any status). */
  readonly extraAttempts: number;
}

/** Timings of the transaction manager's outbox (`chain_actions`). */
export interface ChainActionTimingsReader {
  /**
   * Per contract message, over every finalized action (rows that never change again, so the
   * histograms only grow): blocks from the block the latest transaction was signed at (its era
   * birth) to the block that included it (when only the finalized block's hash is recorded, its
   * number comes from the stored events of that block; actions in a block without one of our
   * events are left out); seconds from that signature to the finalized mark; and
   * claims beyond the first summed over all actions of the message (re-signs after a reschedule,
   * recoveries after a crash). One aggregate query each; the result size is bounded by the bounds.
   */
  timingHistograms(bounds: ChainActionTimingBounds): Promise<ChainActionTimings[]>;
}

/**
 * Spans of the engine's timeline: discovered → first admitted, admitted → first running (first
 * attempt started), first running → finished (terminal state, retries included), and
 * discovered → finished (rejected jobs included).
 */
export const WORK_SPANS = [
  'discovered_admitted',
  'admitted_running',
  'running_finished',
  'discovered_finished',
] as const;
export type WorkSpan = (typeof WORK_SPANS)[number];

/** Timings of the job engine's work ledger (`job_work`). */
export interface WorkTimingsReader {
  /**
   * Milliseconds between the engine's stages over every job of the ledger, bucketed by `boundsMs`
   * (see WorkSpan). A span is counted once both its ends exist, and neither end ever moves, so the
   * counts only grow. One aggregate query; the result size is bounded by the bounds.
   */
  stageLatencies(boundsMs: readonly number[]): Promise<Record<WorkSpan, BucketCounts>>;
  /** Executor durations (WorkResult.durationMs) of the succeeded jobs, by executorVersion, bucketed. */
  executorDurations(
    boundsMs: readonly number[],
  ): Promise<{ readonly executor: string; readonly buckets: BucketCounts }[]>;
}
