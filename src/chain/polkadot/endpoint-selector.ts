import { ChainClientError, type EndpointState } from '../chain-client';
import type { Logger } from '../../shared';
import type { EndpointConnection } from './endpoint-connection';
import {
  assessEndpoints,
  chooseEndpoint,
  type EndpointHealth,
  type EndpointSample,
  type HealthContext,
} from './endpoint-health';

interface Waiter {
  resolve(endpoint: EndpointConnection): void;
  reject(err: Error): void;
}

/**
 * Keeps track of which endpoint is active: samples every endpoint, applies the pure health rules,
 * switches (and tells the client, which re-announces heads), detects head stalls, and lets reads
 * wait for an active endpoint.
 */
export class EndpointSelector {
  active: EndpointConnection | null = null;
  private health: EndpointHealth[] = [];
  private readonly waiters = new Set<Waiter>();
  private expectedGenesisHash: string | null;

  constructor(
    private readonly endpoints: readonly EndpointConnection[],
    private readonly ctx: HealthContext,
    private readonly now: () => number,
    private readonly log: Logger,
    private readonly onSwitch: (endpoint: EndpointConnection) => void,
  ) {
    this.expectedGenesisHash = ctx.expectedGenesisHash;
  }

  reselect(reason: string): void {
    this.pinGenesis();
    const ctx = { ...this.ctx, expectedGenesisHash: this.expectedGenesisHash };
    this.health = assessEndpoints(
      this.endpoints.map((e) => this.sample(e)),
      ctx,
    );
    const url = chooseEndpoint(this.health, this.active?.url ?? null);
    const next = this.endpoints.find((e) => e.url === url) ?? null;
    if (next === this.active) {
      this.wake();
      return;
    }
    const previous = this.active;
    this.active = next;
    if (next === null) {
      const reasons = this.health.map((h) => ({ url: h.url, reason: h.distrustReason }));
      this.log.warn('no trusted chain endpoint', { reason, endpoints: reasons });
      return;
    }
    this.log.info('chain endpoint selected', {
      reason,
      url: next.url,
      previous: previous?.url ?? null,
      score: this.health.find((h) => h.url === next.url)?.score,
    });
    this.onSwitch(next);
    this.wake();
  }

  /** A connected endpoint without a new head for `stallMs` is resubscribed, at most once per stallMs. */
  checkStall(endpoint: EndpointConnection): void {
    if (!endpoint.isConnected || endpoint.lastHeadAt === null) {
      return;
    }
    const now = this.now();
    const ageMs = now - endpoint.lastHeadAt;
    if (ageMs <= this.ctx.stallMs || now - endpoint.lastResubscribeAt <= this.ctx.stallMs) {
      return;
    }
    endpoint.stallCount++;
    this.log.warn('chain head stall detected; resubscribing', {
      url: endpoint.url,
      ageMs,
      isActive: endpoint === this.active,
    });
    void endpoint.resubscribe();
  }

  waitForActive(timeoutMs: number): Promise<EndpointConnection> {
    if (this.active?.isConnected) {
      return Promise.resolve(this.active);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new ChainClientError('unavailable', `no trusted chain endpoint within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        resolve: (endpoint) => {
          clearTimeout(timer);
          resolve(endpoint);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.waiters.add(waiter);
    });
  }

  rejectWaiters(err: Error): void {
    this.active = null;
    for (const waiter of this.waiters) {
      waiter.reject(err);
    }
    this.waiters.clear();
  }

  states(): EndpointState[] {
    const now = this.now();
    return this.endpoints.map((e) => {
      const h = this.health.find((x) => x.url === e.url);
      return {
        url: e.url,
        status: e.status,
        isActive: e === this.active,
        isTrusted: h?.isTrusted ?? false,
        distrustReason: h?.distrustReason ?? 'not assessed yet',
        score: h?.score ?? 0,
        latencyMs: e.latencyMs,
        bestNumber: e.best?.number ?? null,
        finalizedNumber: e.finalized?.number ?? null,
        headAgeMs: e.lastHeadAt === null ? null : now - e.lastHeadAt,
        consecutiveFailures: e.consecutiveFailures,
        stallCount: e.stallCount,
        lastError: e.lastError,
      };
    });
  }

  private sample(e: EndpointConnection): EndpointSample {
    return {
      url: e.url,
      isConnected: e.isConnected,
      genesisHash: e.genesisHash,
      latencyMs: e.latencyMs,
      headAgeMs: e.lastHeadAt === null ? null : this.now() - e.lastHeadAt,
      finalizedNumber: e.finalized?.number ?? null,
      consecutiveFailures: e.consecutiveFailures,
    };
  }

  /** Without a configured genesis, the first connected endpoint (in config order) fixes it. */
  private pinGenesis(): void {
    if (this.expectedGenesisHash !== null) {
      return;
    }
    const first = this.endpoints.find((e) => e.isConnected && e.genesisHash !== null);
    if (first?.genesisHash) {
      this.expectedGenesisHash = first.genesisHash;
      this.log.info('chain genesis pinned', { genesisHash: first.genesisHash, url: first.url });
    }
  }

  private wake(): void {
    const active = this.active;
    if (active === null || !active.isConnected) {
      return;
    }
    for (const waiter of this.waiters) {
      waiter.resolve(active);
    }
    this.waiters.clear();
  }
}
