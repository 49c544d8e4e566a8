import { Counter, type Registry } from 'prom-client';
import type { ChainActionRepository } from '../chain/tx';
import type { GaugeFactory, ScrapeMemo } from './scrape-memo';
import type { BucketCounts, ChainActionTimingsReader } from './timing-histograms';
import { SnapshotHistogram, type HistogramSeries } from './snapshot-histogram';

export const INCLUSION_BUCKETS_BLOCKS = [1, 2, 3, 5, 10, 20, 50, 100];
export const FINALITY_BUCKETS_S = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600];

/** What the outbox metrics read: counts by status and the timing histograms. */
export type ActionMetricSource = Pick<ChainActionRepository, 'countByStatus'> &
  ChainActionTimingsReader;

/** The outbox metrics: actions by status, inclusion and finality histograms, retries. */
export function registerActionMetrics(
  registry: Registry,
  actions: ActionMetricSource,
  memo: ScrapeMemo,
  gauge: GaugeFactory,
): void {
  gauge(
    'polkamesh_chain_actions',
    'Outbox actions (on-chain calls) by status',
    ['status'],
    () => actions.countByStatus(),
    (g, counts) => {
      for (const [status, n] of Object.entries(counts)) {
        g.set({ status }, n);
      }
    },
  );
  const timings = () =>
    memo.get('timings', () =>
      actions.timingHistograms({
        inclusionBlocks: INCLUSION_BUCKETS_BLOCKS,
        finalitySeconds: FINALITY_BUCKETS_S,
      }),
    );
  new SnapshotHistogram(
    {
      name: 'polkamesh_tx_inclusion_blocks',
      help: 'Finalized actions: blocks from the block the transaction was signed at to its inclusion',
      labelNames: ['message'],
      buckets: INCLUSION_BUCKETS_BLOCKS,
    },
    async () =>
      (await timings())?.map((t) => series({ message: t.message }, t.inclusionBlocks)) ?? null,
    registry,
  );
  new SnapshotHistogram(
    {
      name: 'polkamesh_tx_finality_seconds',
      help: 'Finalized actions: seconds from signing the transaction to seeing it finalized',
      labelNames: ['message'],
      buckets: FINALITY_BUCKETS_S,
    },
    async () =>
      (await timings())?.map((t) => series({ message: t.message }, t.finalitySeconds)) ?? null,
    registry,
  );
  new Counter({
    name: 'polkamesh_tx_retries_total',
    help: 'Claims of outbox actions beyond the first (re-signed after a reschedule, or recovered after a crash)',
    labelNames: ['message'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const t of (await timings()) ?? []) {
        this.inc({ message: t.message }, t.extraAttempts);
      }
    },
  });
}

function series(labels: Record<string, string>, b: BucketCounts): HistogramSeries {
  return { labels, counts: b.counts, sum: b.sum, count: b.count };
}
