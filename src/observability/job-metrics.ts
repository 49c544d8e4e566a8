import { Gauge, type Registry } from 'prom-client';
import type { JobWorkRepository } from '../jobs/engine';
import type { ProjectionTotalsReader } from './ports';
import type { BucketCounts, WorkTimingsReader } from './timing-histograms';
import type { SignerBalanceReader } from './signer-balances';
import { SnapshotHistogram, type HistogramSeries } from './snapshot-histogram';
import type { ScrapeMemo } from './scrape-memo';
import { registerActionMetrics, type ActionMetricSource } from './tx-metrics';

/** Where the job, transaction, escrow and signer metrics come from; an absent source exports nothing. */
export interface JobMetricSources {
  readonly work?:
    (Pick<JobWorkRepository, 'countByState' | 'countBySettlement'> & WorkTimingsReader) | null;
  readonly actions?: ActionMetricSource | null;
  readonly totals?: ProjectionTotalsReader | null;
  readonly balances?: Pick<SignerBalanceReader, 'read'> | null;
}

export const STAGE_BUCKETS_S = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
export const EXECUTOR_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * Registers the job engine, outbox, escrow and signer metrics. Everything is read at scrape time
 * with aggregate queries: gauges are current counts, histograms and counters are cumulative over
 * rows that never change again (so they only grow).
 */
export function registerJobMetrics(
  registry: Registry,
  sources: JobMetricSources,
  memo: ScrapeMemo,
): void {
  const { work, actions, totals, balances } = sources;
  const gauge = <T>(
    name: string,
    help: string,
    labelNames: string[],
    read: (() => Promise<T>) | null,
    fill: (g: Gauge, data: T) => void,
  ) => {
    if (read === null) {
      return;
    }
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        const data = await memo.get(name, read);
        if (data !== null) {
          fill(this, data);
        }
      },
    });
  };
  const byKey = (g: Gauge, label: string, counts: Readonly<Record<string, number>>) => {
    for (const [key, n] of Object.entries(counts)) {
      g.set({ [label]: key }, n);
    }
  };

  gauge(
    'polkamesh_job_work',
    'Jobs in the work ledger by engine state (queued and running are the queue depth)',
    ['state'],
    work ? () => work.countByState() : null,
    (g, counts) => byKey(g, 'state', counts),
  );
  gauge(
    'polkamesh_job_settlement',
    'Jobs in the work ledger by settlement state',
    ['state'],
    work ? () => work.countBySettlement() : null,
    (g, counts) => byKey(g, 'state', counts),
  );
  if (work) {
    new SnapshotHistogram(
      {
        name: 'polkamesh_job_stage_duration_seconds',
        help: 'Time between job engine stages (discovered, admitted, first running, finished), per job',
        labelNames: ['span'],
        buckets: STAGE_BUCKETS_S,
      },
      async () => {
        const spans = await memo.get('stages', () =>
          work.stageLatencies(msBounds(STAGE_BUCKETS_S)),
        );
        return spans === null
          ? null
          : Object.entries(spans).map(([span, b]) => msSeries({ span }, b));
      },
      registry,
    );
    new SnapshotHistogram(
      {
        name: 'polkamesh_executor_duration_seconds',
        help: 'Execution time of succeeded jobs, by executor and version',
        labelNames: ['executor'],
        buckets: EXECUTOR_BUCKETS_S,
      },
      async () => {
        const runs = await memo.get('executors', () =>
          work.executorDurations(msBounds(EXECUTOR_BUCKETS_S)),
        );
        return runs?.map((r) => msSeries({ executor: r.executor }, r.buckets)) ?? null;
      },
      registry,
    );
  }
  if (actions) {
    registerActionMetrics(registry, actions, memo, gauge);
  }
  gauge(
    'polkamesh_queue_jobs',
    'ai_job_queue jobs by on-chain status (projection)',
    ['status'],
    totals ? () => totals.read() : null,
    (g, t) => byKey(g, 'status', t.jobsByStatus),
  );
  gauge(
    'polkamesh_escrows',
    'payment_escrow records by state (projection)',
    ['state'],
    totals ? () => totals.read() : null,
    (g, t) => {
      for (const [state, e] of Object.entries(t.escrows)) {
        g.set({ state }, e.count);
      }
    },
  );
  gauge(
    'polkamesh_escrow_amount_units',
    'Summed escrow amount by state, contract units (planck x 1e8; a float here, exact in /stats)',
    ['state'],
    totals ? () => totals.read() : null,
    (g, t) => {
      for (const [state, e] of Object.entries(t.escrows)) {
        g.set({ state }, Number(e.amount));
      }
    },
  );
  gauge(
    'polkamesh_mev_batches',
    'mev_protection batches: all, and those with an execution result',
    ['kind'],
    totals ? () => totals.read() : null,
    (g, t) => {
      g.set({ kind: 'total' }, t.mevBatches.total);
      g.set({ kind: 'executed' }, t.mevBatches.executed);
    },
  );
  gauge(
    'polkamesh_signer_free_balance_planck',
    'Free balance of each service signer, planck (a float); absent when it could not be read',
    ['role', 'address'],
    balances ? () => balances.read() : null,
    (g, list) => {
      for (const b of list) {
        if (b.free !== null) {
          g.set({ role: b.role, address: b.address }, Number(b.free));
        }
      }
    },
  );
  gauge(
    'polkamesh_signer_balance_readable',
    '1 when the signer balance was read from the chain at this scrape',
    ['role'],
    balances ? () => balances.read() : null,
    (g, list) => {
      for (const b of list) {
        g.set({ role: b.role }, b.free === null ? 0 : 1);
      }
    },
  );
}

function msBounds(seconds: readonly number[]): number[] {
  return seconds.map((s) => s * 1000);
}

function msSeries(labels: Record<string, string>, b: BucketCounts): HistogramSeries {
  return { labels, counts: b.counts, sum: b.sum / 1000, count: b.count };
}
