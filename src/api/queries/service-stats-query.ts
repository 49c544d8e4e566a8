import type { JobWorkRepository } from '../../jobs/engine';
import type {
  JobPerformance,
  JobPerformanceQuery,
  OperationsFiguresReader,
  ProjectionTotalsReader,
  ServiceStatusQuery,
} from '../../observability';
import type { Clock } from '../../shared';
import type { ChainActionRepository } from '../../chain/tx';
import type { StatsBody } from '../dto/stats.dto';

export interface StatsSources {
  readonly status: Pick<ServiceStatusQuery, 'readCounts'>;
  readonly work: Pick<
    JobWorkRepository,
    'countByState' | 'countBySettlement' | 'executionPercentiles'
  > | null;
  readonly actions: Pick<ChainActionRepository, 'countByStatus'> | null;
  readonly totals: ProjectionTotalsReader | null;
  /** The ai_job_queue events' job counts and processing times (also behind GET /health). */
  readonly performance: Pick<JobPerformanceQuery, 'read'>;
  /** Pending MEV intents; absent or null: `mev.pendingIntents` is null. */
  readonly figures?: Pick<OperationsFiguresReader, 'pendingIntents'> | null;
}

/** GET /stats: totals from stored data, each part from aggregate queries (no row listing). */
export class ServiceStatsQuery {
  constructor(
    private readonly sources: StatsSources,
    private readonly clock: Clock,
  ) {}

  async read(): Promise<StatsBody> {
    const { status, work, actions, totals, performance, figures } = this.sources;
    const [counts, workBody, actionCounts, projected, queuePerformance, pendingIntents] =
      await Promise.all([
        status.readCounts(),
        work === null ? null : workStats(work),
        actions?.countByStatus() ?? null,
        totals?.read() ?? null,
        performance.read(),
        figures?.pendingIntents() ?? null,
      ]);
    return {
      generatedAt: this.clock.now().toISOString(),
      events: { ...counts.events, quarantined: counts.quarantined },
      jobs: projected === null ? null : { byStatus: { ...projected.jobsByStatus } },
      queuePerformance: toQueuePerformance(queuePerformance),
      work: workBody,
      escrows:
        projected === null
          ? null
          : {
              held: escrow(projected.escrows.held),
              released: escrow(projected.escrows.released),
              refunded: escrow(projected.escrows.refunded),
            },
      chainActions: actionCounts === null ? null : { byStatus: actionCounts },
      confidentialJobs: projected === null ? null : { ...projected.confidentialJobs },
      mev:
        projected === null
          ? null
          : {
              batches: projected.mevBatches.total,
              executedBatches: projected.mevBatches.executed,
              intents: projected.mevBatches.intents,
              pendingIntents,
            },
    };
  }
}

async function workStats(work: NonNullable<StatsSources['work']>): Promise<StatsBody['work']> {
  const [byState, bySettlement, percentiles] = await Promise.all([
    work.countByState(),
    work.countBySettlement(),
    work.executionPercentiles([0.5, 0.95]),
  ]);
  return {
    byState,
    bySettlement,
    successRate: successRate(byState.succeeded, byState.failed + byState.expired),
    executionMs: {
      count: percentiles.count,
      p50: percentiles.valuesMs[0] ?? null,
      p95: percentiles.valuesMs[1] ?? null,
    },
  };
}

/** Percent with two decimals; null when nothing finished yet. */
export function successRate(succeeded: number, unsuccessful: number): number | null {
  const finished = succeeded + unsuccessful;
  return finished === 0 ? null : Math.round((succeeded / finished) * 10_000) / 100;
}

function escrow(e: { count: number; amount: bigint }) {
  return { count: e.count, amount: e.amount.toString() };
}

function toQueuePerformance(p: JobPerformance): StatsBody['queuePerformance'] {
  return {
    totalJobs: p.totalJobs,
    completedJobs: p.completedJobs,
    cancelledJobs: p.cancelledJobs,
    successRate: p.successRate,
    avgProcessingBlocks: p.avgProcessingBlocks,
    avgProcessingSeconds: p.avgProcessingSeconds,
    blockTimeMs: p.blockTimeMs,
    sampledJobs: p.sampledJobs,
  };
}
