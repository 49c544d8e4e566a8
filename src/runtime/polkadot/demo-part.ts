import { ApiPromise } from '@polkadot/api';
import { retryableWsProvider } from '../../chain';
import type { AppConfig } from '../../config';
import { playDemo } from '../../demo';
import { HEALTHY, type LongRunning, type Logger, type PartHealth } from '../../shared';
import type { LocalDevnet } from '../runtime-host';

/**
 * Demo traffic on the bundled devnet (DEMO_TRAFFIC): the full story once, then a round every
 * DEMO_TRAFFIC_INTERVAL_MS, from a user's wallet over its own connection. It is a demonstration,
 * not a part of the service: a failed round is logged and retried, and it never makes the service
 * unready.
 */
export class DemoPart implements LongRunning {
  readonly name = 'demo-traffic';
  private api: ApiPromise | null = null;
  private readonly abort = new AbortController();
  private traffic: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly devnet: LocalDevnet,
    private readonly config: AppConfig['demo'],
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const api = await ApiPromise.create({
      provider: retryableWsProvider(this.devnet.url, 1_000),
      noInitWarn: true,
    });
    this.api = api;
    this.traffic = playDemo(api, this.devnet.contracts, {
      intervalMs: this.config.intervalMs,
      signal: this.abort.signal,
      log: this.log,
    }).catch((err: unknown) => this.log.error('demo traffic stopped', { err }));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.traffic;
    await this.api?.disconnect();
    this.api = null;
  }

  health(): PartHealth {
    return HEALTHY;
  }
}
