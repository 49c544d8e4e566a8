import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

import { SYSTEM_CLOCK, type Clock, NOOP_LOGGER, type Logger } from '../shared';
import type { ChainSnapshot } from './chain-snapshot';
import { registerJobMetrics, type JobMetricSources } from './job-metrics';
import { ScrapeMemo } from './scrape-memo';
import type { ServiceStatus, ServiceStatusQuery } from './service-status';
import { redactEndpoint } from './redact-endpoint';

export interface ServiceMetricsOptions extends JobMetricSources {
  readonly clock?: Clock;
  readonly log?: Logger;
}

/**
 * Prometheus metrics, read from the store and the chain client at scrape time (one snapshot per
 * scrape), plus the process defaults. One registry per instance, so several apps can share a process.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private scrape: Promise<ServiceStatus> | null = null;
  private readonly memo: ScrapeMemo;

  constructor(
    private readonly status: Pick<ServiceStatusQuery, 'read'>,
    options: ServiceMetricsOptions = {},
  ) {
    const clock = options.clock ?? SYSTEM_CLOCK;
    this.memo = new ScrapeMemo(options.log ?? NOOP_LOGGER);
    collectDefaultMetrics({ register: this.registry });
    const read = () => this.current();
    const gauge = (
      name: string,
      help: string,
      labelNames: string[],
      fill: (g: Gauge, data: ServiceStatus) => void,
    ) => {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [this.registry],
        async collect() {
          this.reset();
          fill(this, await read());
        },
      });
    };
    gauge(
      'polkamesh_finalized_lag_blocks',
      "Chain finalized head minus the follower's finalized cursor",
      [],
      (g, { snapshot }) => {
        if (snapshot.lagBlocks !== null) {
          g.set(snapshot.lagBlocks);
        }
      },
    );
    gauge(
      'polkamesh_finalized_lag_seconds',
      'While the finalized cursor is behind the chain: seconds since it last advanced (0 when caught up)',
      [],
      (g, { snapshot }) => {
        const seconds = lagSeconds(snapshot, clock.now());
        if (seconds !== null) {
          g.set(seconds);
        }
      },
    );
    gauge(
      'polkamesh_cursor_block',
      'Block number of the follower cursor',
      ['lane'],
      (g, { snapshot }) => {
        for (const lane of ['best', 'finalized'] as const) {
          const cursor = snapshot.cursors[lane];
          if (cursor !== null) {
            g.set({ lane }, Number(cursor.block.number));
          }
        }
      },
    );
    gauge(
      'polkamesh_chain_finalized_block',
      "The chain's finalized head number",
      [],
      (g, { snapshot }) => {
        if (snapshot.chainFinalized !== null) {
          g.set(Number(snapshot.chainFinalized.number));
        }
      },
    );
    gauge('polkamesh_database_up', '1 when the database answers', [], (g, { snapshot }) => {
      g.set(snapshot.database.isReachable ? 1 : 0);
    });
    gauge(
      'polkamesh_chain_events_stored',
      'Contract events in the store',
      ['finality'],
      (g, { counts }) => {
        if (counts !== null) {
          g.set({ finality: 'final' }, counts.events.final);
          g.set({ finality: 'tentative' }, counts.events.tentative);
        }
      },
    );
    new Counter({
      name: 'polkamesh_chain_events_ingested_total',
      help: 'Final contract events stored (final rows are never deleted, so this only grows)',
      registers: [this.registry],
      collect: async function (this: Counter) {
        this.reset();
        const { counts } = await read();
        if (counts !== null) {
          this.inc(counts.events.final);
        }
      },
    });
    gauge(
      'polkamesh_quarantined_events',
      'Undecodable contract events kept in quarantine',
      [],
      (g, { counts }) => {
        if (counts !== null) {
          g.set(counts.quarantined);
        }
      },
    );
    gauge(
      'polkamesh_rpc_endpoint_up',
      '1 when the RPC endpoint is connected and trusted',
      ['endpoint', 'index'],
      (g, { snapshot }) => {
        snapshot.endpoints.forEach((e, index) => {
          g.set({ endpoint: redactEndpoint(e.url), index: String(index) }, e.isTrusted ? 1 : 0);
        });
      },
    );
    gauge(
      'polkamesh_rpc_endpoint_score',
      'Health score of the RPC endpoint, 0..100',
      ['endpoint', 'index'],
      (g, { snapshot }) => {
        snapshot.endpoints.forEach((e, index) => {
          g.set({ endpoint: redactEndpoint(e.url), index: String(index) }, e.score);
        });
      },
    );
    gauge(
      'polkamesh_rpc_endpoint_head_age_seconds',
      'Seconds since the RPC endpoint announced its latest head',
      ['endpoint', 'index'],
      (g, { snapshot }) => {
        snapshot.endpoints.forEach((e, index) => {
          if (e.headAgeMs !== null) {
            g.set({ endpoint: redactEndpoint(e.url), index: String(index) }, e.headAgeMs / 1000);
          }
        });
      },
    );
    registerJobMetrics(this.registry, options, this.memo);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text; the store and the chain are read once per call. */
  async render(): Promise<string> {
    try {
      return await this.registry.metrics();
    } finally {
      this.scrape = null;
      this.memo.clear();
    }
  }

  private current(): Promise<ServiceStatus> {
    this.scrape ??= this.status.read();
    return this.scrape;
  }
}

/**
 * How long the follower has been behind: 0 when the finalized cursor is at the chain's finalized
 * head, else the seconds since the cursor last advanced; null when either is unknown.
 */
export function lagSeconds(snapshot: ChainSnapshot, now: Date): number | null {
  const cursor = snapshot.cursors.finalized;
  if (snapshot.lagBlocks === null || cursor === null) {
    return null;
  }
  if (snapshot.lagBlocks === 0) {
    return 0;
  }
  return Math.max(0, (now.getTime() - cursor.updatedAt.getTime()) / 1000);
}
