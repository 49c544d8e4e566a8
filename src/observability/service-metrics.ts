import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ServiceStatus, ServiceStatusQuery } from './service-status';
import { redactEndpoint } from './redact-endpoint';

/**
 * Prometheus metrics, read from the store and the chain client at scrape time (one snapshot per
 * scrape), plus the process defaults. One registry per instance, so several apps can share a process.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private scrape: Promise<ServiceStatus> | null = null;

  constructor(private readonly status: ServiceStatusQuery) {
    collectDefaultMetrics({ register: this.registry });
    const gauge = (
      name: string,
      help: string,
      labelNames: string[],
      fill: (g: Gauge, data: ServiceStatus) => void,
    ) => {
      const read = () => this.current();
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
    }
  }

  private current(): Promise<ServiceStatus> {
    this.scrape ??= this.status.read();
    return this.scrape;
  }
}
