import type { ChainEvent, ChainEventRepository } from '../chain/follower';

export interface JobPerformance {
  /** JobSubmitted events of ai_job_queue stored (final and tentative). */
  readonly totalJobs: number;
  readonly completedJobs: number;
  readonly cancelledJobs: number;
  /** Completed / (completed + cancelled), in percent with two decimals; null with no such job. */
  readonly successRate: number | null;
  /**
   * Mean number of blocks from JobSubmitted to JobCompleted over the sampled completed jobs whose
   * submission is stored; null when there is none. Blocks, not seconds: no timestamps are stored.
   */
  readonly avgProcessingBlocks: number | null;
  /**
   * avgProcessingBlocks × the chain's block time, in seconds (two decimals); null with it. The
   * service stores no block timestamps, so this is the configured block time, not measured time.
   */
  readonly avgProcessingSeconds: number | null;
  /** The block time the seconds are computed with. */
  readonly blockTimeMs: number;
  /** How many completed jobs the mean is over. */
  readonly sampledJobs: number;
}

export interface JobPerformanceTiming {
  /** The chain's block time (BLOCK_TIME_MS; 1000 on the bundled devnet). */
  readonly blockTimeMs: number;
}

export interface JobPerformanceLimits {
  /** Most recent JobCompleted events sampled for the mean. */
  readonly completedSample: number;
  /** Most recent JobSubmitted events searched for their submissions. */
  readonly submittedSearch: number;
}

const PAGE = 1000;

/** Reads job counts and processing times from the stored ai_job_queue events (never invented). */
export class JobPerformanceQuery {
  constructor(
    private readonly events: Pick<ChainEventRepository, 'count' | 'listRecent'>,
    private readonly timing: JobPerformanceTiming,
    private readonly limits: JobPerformanceLimits = {
      completedSample: 1000,
      submittedSearch: 5000,
    },
  ) {}

  async read(): Promise<JobPerformance> {
    const count = (eventName: string) => this.events.count({ contract: 'aiJobQueue', eventName });
    const [totalJobs, completedJobs, cancelledJobs] = await Promise.all([
      count('JobSubmitted'),
      count('JobCompleted'),
      count('JobCancelled'),
    ]);
    const terminal = completedJobs + cancelledJobs;
    const successRate = terminal === 0 ? null : round2((completedJobs / terminal) * 100);
    const completed =
      completedJobs === 0 ? [] : await this.list('JobCompleted', this.limits.completedSample);
    const submitted =
      completed.length === 0 ? [] : await this.list('JobSubmitted', this.limits.submittedSearch);
    const mean = meanProcessingBlocks(submitted, completed);
    const { blockTimeMs } = this.timing;
    return {
      totalJobs,
      completedJobs,
      cancelledJobs,
      successRate,
      avgProcessingBlocks: mean.sampled === 0 ? null : round2(mean.mean),
      avgProcessingSeconds: mean.sampled === 0 ? null : round2((mean.mean * blockTimeMs) / 1000),
      blockTimeMs,
      sampledJobs: mean.sampled,
    };
  }

  private async list(eventName: string, max: number): Promise<ChainEvent[]> {
    const out: ChainEvent[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.events.listRecent({
        contract: 'aiJobQueue',
        eventName,
        limit: Math.min(PAGE, max - out.length),
        cursor,
      });
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null && out.length < max);
    return out;
  }
}

/** Mean of (completion block − submission block) over completed jobs whose submission is known. */
export function meanProcessingBlocks(
  submitted: readonly ChainEvent[],
  completed: readonly ChainEvent[],
): { mean: number; sampled: number } {
  const submittedAt = new Map<string, bigint>();
  for (const event of submitted) {
    const jobId = jobIdOf(event);
    if (jobId !== null) {
      submittedAt.set(jobId, event.block.number);
    }
  }
  let total = 0n;
  let sampled = 0;
  for (const event of completed) {
    const jobId = jobIdOf(event);
    const start = jobId === null ? undefined : submittedAt.get(jobId);
    if (start !== undefined && event.block.number >= start) {
      total += event.block.number - start;
      sampled += 1;
    }
  }
  return { mean: sampled === 0 ? 0 : Number(total) / sampled, sampled };
}

function jobIdOf(event: ChainEvent): string | null {
  const decoded = event.decoded;
  if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded)) {
    return null;
  }
  const jobId = decoded['jobId'];
  return typeof jobId === 'string' || typeof jobId === 'number' ? String(jobId) : null;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
