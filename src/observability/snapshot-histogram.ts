import {
  Histogram,
  type MetricObjectWithValues,
  type MetricType,
  type MetricValueWithName,
  type Registry,
} from 'prom-client';

/** prom-client renders `type` as given; its typings declare an enum that does not exist at runtime. */
const HISTOGRAM_TYPE = 'histogram' as unknown as MetricType;

/** One labelled series of a histogram, as bucket counts (not cumulative; the last is +Inf). */
export interface HistogramSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly counts: readonly number[];
  readonly sum: number;
  readonly count: number;
}

type Exported = MetricObjectWithValues<MetricValueWithName<string>>;

/**
 * A Prometheus histogram whose buckets are read at scrape time (e.g. from aggregate SQL over
 * rows that never change), instead of being observed in-process. The source must be cumulative
 * over all time so the exported counters only grow; a source that fails exports no series.
 */
export class SnapshotHistogram extends Histogram<string> {
  constructor(
    private readonly config: {
      readonly name: string;
      readonly help: string;
      readonly labelNames: readonly string[];
      readonly buckets: readonly number[];
    },
    private readonly source: () => Promise<readonly HistogramSeries[] | null>,
    registry: Registry,
  ) {
    super({
      name: config.name,
      help: config.help,
      labelNames: [...config.labelNames],
      buckets: [...config.buckets],
      registers: [],
    });
    registry.registerMetric(this);
  }

  override async get(): Promise<Exported> {
    return this.export();
  }

  /** The registry renders text from this when present (prom-client's Histogram defines it). */
  getForPromString(): Promise<Exported> {
    return this.export();
  }

  private async export(): Promise<Exported> {
    const { name, help, buckets: bounds } = this.config;
    const series = (await this.source()) ?? [];
    const values: MetricValueWithName<string>[] = [];
    for (const s of series) {
      let cumulative = 0;
      s.counts.forEach((n, i) => {
        cumulative += n;
        values.push({
          metricName: `${name}_bucket`,
          labels: { ...s.labels, le: bounds[i] ?? '+Inf' },
          value: cumulative,
        });
      });
      values.push({ metricName: `${name}_sum`, labels: { ...s.labels }, value: s.sum });
      values.push({ metricName: `${name}_count`, labels: { ...s.labels }, value: s.count });
    }
    return {
      name,
      help,
      type: HISTOGRAM_TYPE,
      values,
      aggregator: 'sum',
      collect: () => undefined,
    };
  }
}
