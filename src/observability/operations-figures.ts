/**
 * Figures the operator dashboard reads that no other view has: when each job reached each stage of
 * the pipeline (for throughput and latency over the last minutes), the money the escrow contract
 * paid out or back, escrows flagged after deadline + grace, pending MEV intents and the follower's
 * lease holder. Read-only; implemented over SQL by SqlOperationsFigures (src/storage).
 */

/**
 * The pipeline's stages, in order: the job event seen (work discovered), admitted, first attempt
 * running, result (a terminal engine state), attestation recorded on-chain (record_attestation
 * finalized), on-chain marks done (mark_completed and mark_job_processed finalized), escrow
 * settled (released or refunded as the engine saw it).
 */
export const PIPELINE_STAGES = [
  'seen',
  'admitted',
  'running',
  'result',
  'attestation',
  'marks',
  'escrow',
] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** One job reaching one stage. A stage may be reported more than once (retries, two marks). */
export interface PipelineSample {
  readonly queueJobId: bigint;
  readonly stage: PipelineStage;
  readonly at: Date;
}

export interface SettledTotal {
  readonly count: number;
  /** Summed `amount` of the final events, contract units (planck × 1e8), exact. */
  readonly amount: bigint;
}

/** A job whose escrow the reconciler flagged: deadline + grace passed without release or refund. */
export interface FlaggedEscrow {
  readonly queueJobId: bigint;
  readonly reason: string | null;
  readonly deadlineBlock: number;
  readonly updatedAt: Date;
}

export interface LeaseHolder {
  readonly holder: string;
  readonly expiresAt: Date;
}

/** What the dashboard's extra views read (SqlOperationsFigures). */
export interface OperationsFiguresReader {
  /** Stage samples of the jobs with a stage at or after `since`, oldest first, at most `limit`. */
  pipelineSamples(since: Date, limit: number): Promise<PipelineSample[]>;
  /** Totals of the final payment_escrow `Released` and `Refunded` events. */
  settledTotals(): Promise<{ readonly released: SettledTotal; readonly refunded: SettledTotal }>;
  /** The flagged escrows of the work ledger, newest first, at most `limit`, and how many there are. */
  flaggedEscrows(
    limit: number,
  ): Promise<{ readonly total: number; readonly items: FlaggedEscrow[] }>;
  /** MEV intents still `Pending` (not batched). */
  pendingIntents(): Promise<number>;
  /** Who holds the lease `name` now, or null when nobody ever took it. */
  leaseHolder(name: string): Promise<LeaseHolder | null>;
}

/** One minute of the pipeline: jobs finished in it and the stage latencies of the stages reached in it. */
export interface PipelineMinute {
  /** The minute's start. */
  readonly start: Date;
  /** Jobs that reached `result` (a terminal engine state) in this minute. */
  readonly finished: number;
  /**
   * Per stage after `seen`: the mean ms from the previous stage the job reached to this one, over
   * the jobs that reached this stage in this minute; null when none did.
   */
  readonly latencyMs: Readonly<Record<Exclude<PipelineStage, 'seen'>, number | null>>;
}

const MINUTE_MS = 60_000;

/**
 * Buckets samples into the `minutes` whole minutes ending with the one that holds `now`, oldest
 * first. A job's time at a stage is its first sample of that stage, except `marks`, which is done
 * only with the last mark (its latest sample). A stage's latency is measured from the latest
 * earlier stage the job reached, so a skipped stage (a rejected job never runs) does not hide it.
 */
export function pipelineMinutes(
  samples: readonly PipelineSample[],
  now: Date,
  minutes: number,
): PipelineMinute[] {
  const firstMinute = Math.floor(now.getTime() / MINUTE_MS) - minutes + 1;
  const buckets = Array.from({ length: minutes }, (_, i) => ({
    start: new Date((firstMinute + i) * MINUTE_MS),
    finished: 0,
    sums: new Map<PipelineStage, { total: number; count: number }>(),
  }));
  for (const times of stageTimesByJob(samples).values()) {
    let previous: number | null = null;
    for (const stage of PIPELINE_STAGES) {
      const at = times.get(stage);
      if (at === undefined) {
        continue;
      }
      const bucket = buckets[Math.floor(at / MINUTE_MS) - firstMinute];
      if (bucket !== undefined && stage !== 'seen') {
        if (stage === 'result') {
          bucket.finished += 1;
        }
        if (previous !== null) {
          const sum = bucket.sums.get(stage) ?? { total: 0, count: 0 };
          sum.total += Math.max(0, at - previous);
          sum.count += 1;
          bucket.sums.set(stage, sum);
        }
      }
      previous = at;
    }
  }
  return buckets.map(({ start, finished, sums }) => ({
    start,
    finished,
    latencyMs: Object.fromEntries(
      PIPELINE_STAGES.filter((s) => s !== 'seen').map((stage) => {
        const sum = sums.get(stage);
        return [stage, sum === undefined ? null : Math.round(sum.total / sum.count)];
      }),
    ) as PipelineMinute['latencyMs'],
  }));
}

function stageTimesByJob(
  samples: readonly PipelineSample[],
): Map<bigint, Map<PipelineStage, number>> {
  const jobs = new Map<bigint, Map<PipelineStage, number>>();
  for (const { queueJobId, stage, at } of samples) {
    const times = jobs.get(queueJobId) ?? new Map<PipelineStage, number>();
    jobs.set(queueJobId, times);
    const known = times.get(stage);
    const ms = at.getTime();
    if (known === undefined || (stage === 'marks' ? ms > known : ms < known)) {
      times.set(stage, ms);
    }
  }
  return jobs;
}
