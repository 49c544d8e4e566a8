import { ApiPromise } from '@polkadot/api';
import type { Header } from '@polkadot/types/interfaces';
import type { BlockHeader, EndpointStatus, HeadKind } from '../chain-client';
import { backoffDelay, type Logger } from '../../shared';
import type { ChainClientConfig } from '../chain-client-config';
import type { HeadSource } from './head-relay';
import { retryableWsProvider } from './retryable-ws-provider';

export interface EndpointOptions {
  readonly reconnect: ChainClientConfig['reconnect'];
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly probeIntervalMs: number;
  /** Shared across endpoints: `${genesisHash}-${specVersion}` → metadata hex (skips re-downloads). */
  readonly metadataCache: Record<string, `0x${string}`>;
  readonly now: () => number;
}

export interface EndpointEvents {
  onHead(endpoint: EndpointConnection, kind: HeadKind, head: BlockHeader): void;
  onStatus(endpoint: EndpointConnection): void;
}

/**
 * One RPC endpoint: its own WsProvider + ApiPromise per connection attempt (WsProvider's fixed
 * auto-reconnect is off; we back off exponentially with jitter), head subscriptions for health,
 * and a latency probe. A lost connection or repeated probe failures start a reconnect.
 */
export class EndpointConnection implements HeadSource {
  status: EndpointStatus = 'idle';
  api: ApiPromise | null = null;
  genesisHash: string | null = null;
  latencyMs: number | null = null;
  best: BlockHeader | null = null;
  finalized: BlockHeader | null = null;
  /** When the last NEW best head (hash changed) arrived; connection time until the first. */
  lastHeadAt: number | null = null;
  lastResubscribeAt = 0;
  consecutiveFailures = 0;
  stallCount = 0;
  lastError: string | null = null;
  private attempt = 0;
  private session = 0;
  private unsubscribers: (() => void)[] = [];
  private reconnectTimer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private onFirstFinalized: (() => void) | undefined;

  constructor(
    readonly url: string,
    private readonly options: EndpointOptions,
    private readonly events: EndpointEvents,
    private readonly log: Logger,
  ) {}

  get isConnected(): boolean {
    return this.status === 'connected' && this.api !== null;
  }

  /** Starts connecting; resolves after the first attempt settled (connected or failed). */
  start(): Promise<void> {
    return this.connect();
  }

  async stop(): Promise<void> {
    this.session++;
    this.setStatus('stopped');
    clearTimeout(this.reconnectTimer);
    await this.teardown();
  }

  /** Re-creates the head subscriptions (after a stall); their first values re-announce the heads. */
  async resubscribe(): Promise<void> {
    this.lastResubscribeAt = this.options.now();
    const api = this.api;
    const session = this.session;
    this.unsubscribeHeads();
    if (api !== null && this.isConnected) {
      await this.subscribeHeads(api, session).catch((err: unknown) =>
        this.lose(session, 'resubscribe failed', err),
      );
    }
  }

  /** Drops the current connection and reconnects after the backoff delay. */
  reconnect(reason: string, err?: unknown): void {
    if (this.status === 'connected') {
      this.lose(this.session, reason, err);
    }
  }

  async headerAt(number: bigint): Promise<BlockHeader | null> {
    const api = this.requireApi();
    const hash = await api.rpc.chain.getBlockHash(number);
    if (hash.isEmpty) {
      return null;
    }
    return toBlockHeader(await api.rpc.chain.getHeader(hash));
  }

  requireApi(): ApiPromise {
    if (this.api === null || !this.isConnected) {
      throw new Error(`endpoint ${this.url} is not connected`);
    }
    return this.api;
  }

  private async connect(): Promise<void> {
    const session = ++this.session;
    this.setStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const provider = retryableWsProvider(this.url, false, this.options.requestTimeoutMs);
    let api: ApiPromise | null = null;
    try {
      const lost = new Promise<never>((_, reject) => {
        provider.on('error', (e: unknown) => reject(asError(e, 'connection error')));
        provider.on('disconnected', () => reject(new Error('disconnected while connecting')));
      });
      lost.catch(() => undefined);
      await provider.connect();
      api = new ApiPromise({ provider, noInitWarn: true, metadata: this.options.metadataCache });
      await withTimeout(
        Promise.race([api.isReadyOrError, lost]),
        this.options.connectTimeoutMs,
        'connect',
      );
      if (session !== this.session) {
        await api.disconnect().catch(() => undefined);
        return;
      }
      this.api = api;
      this.genesisHash = api.genesisHash.toHex().toLowerCase();
      const cacheKey = `${api.genesisHash.toHex()}-${api.runtimeVersion.specVersion.toString()}`;
      this.options.metadataCache[cacheKey] ??= api.runtimeMetadata.toHex();
      provider.on('disconnected', () => this.lose(session, 'disconnected'));
      this.status = 'connected';
      this.lastHeadAt = this.options.now();
      const firstFinalized = new Promise<void>((resolve) => (this.onFirstFinalized = resolve));
      await this.subscribeHeads(api, session);
      // "connected" (and so eligible) only once its finalized head is known, so that a lagging
      // endpoint is never chosen before its finality could be compared with the others'
      await withTimeout(firstFinalized, this.options.connectTimeoutMs, 'first finalized head');
      this.attempt = 0;
      this.consecutiveFailures = 0;
      this.lastError = null;
      this.startProbe(api, session);
      this.log.info('chain endpoint connected', { url: this.url, genesisHash: this.genesisHash });
      this.setStatus('connected');
    } catch (err) {
      if (api !== null && api !== this.api) {
        await api.disconnect().catch(() => undefined);
      } else if (api === null) {
        await provider.disconnect().catch(() => undefined);
      }
      this.lose(session, 'connect failed', err);
    }
  }

  private async subscribeHeads(api: ApiPromise, session: number): Promise<void> {
    const onHead = (kind: HeadKind) => (header: Header) => {
      if (session === this.session) {
        this.acceptHead(kind, toBlockHeader(header));
      }
    };
    const best = await api.rpc.chain.subscribeNewHeads(onHead('best'));
    const finalized = await api.rpc.chain.subscribeFinalizedHeads(onHead('finalized'));
    if (session !== this.session) {
      best();
      finalized();
      return;
    }
    this.unsubscribers.push(best, finalized);
  }

  private acceptHead(kind: HeadKind, head: BlockHeader): void {
    if (kind === 'best') {
      if (this.best?.hash !== head.hash) {
        this.lastHeadAt = this.options.now();
      }
      this.best = head;
    } else {
      this.finalized = head;
      this.onFirstFinalized?.();
      this.onFirstFinalized = undefined;
    }
    this.events.onHead(this, kind, head);
  }

  private startProbe(api: ApiPromise, session: number): void {
    const probe = async (): Promise<void> => {
      const started = this.options.now();
      try {
        await withTimeout(api.rpc.chain.getFinalizedHead(), this.options.requestTimeoutMs, 'probe');
        if (session === this.session) {
          this.latencyMs = this.options.now() - started;
          this.consecutiveFailures = 0;
        }
      } catch (err) {
        if (session === this.session) {
          this.consecutiveFailures++;
          this.lastError = asError(err, 'probe failed').message;
          if (this.consecutiveFailures >= 2) {
            this.lose(session, 'probe failed', err);
            return;
          }
        }
      }
      if (session === this.session) {
        this.probeTimer = setTimeout(() => void probe(), this.options.probeIntervalMs);
      }
    };
    void probe();
  }

  private lose(session: number, reason: string, err?: unknown): void {
    if (session !== this.session || this.status === 'stopped') {
      return;
    }
    const next = ++this.session;
    this.consecutiveFailures++;
    this.lastError = err === undefined ? reason : `${reason}: ${asError(err, reason).message}`;
    this.attempt++;
    const { minMs, maxMs } = this.options.reconnect;
    const delayMs = backoffDelay(this.attempt, { baseMs: minMs, maxMs, floorMs: minMs });
    this.log.warn('chain endpoint lost; reconnecting', {
      url: this.url,
      reason: this.lastError,
      attempt: this.attempt,
      delayMs,
    });
    this.setStatus('reconnecting');
    void this.teardown();
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (next === this.session) {
        void this.connect();
      }
    }, delayMs);
  }

  private async teardown(): Promise<void> {
    clearTimeout(this.probeTimer);
    this.unsubscribeHeads();
    const api = this.api;
    this.api = null;
    this.best = null;
    this.finalized = null;
    this.latencyMs = null;
    if (api !== null) {
      await api.disconnect().catch(() => undefined);
    }
  }

  private unsubscribeHeads(): void {
    const unsubscribers = this.unsubscribers;
    this.unsubscribers = [];
    for (const unsubscribe of unsubscribers) {
      try {
        unsubscribe();
      } catch {
        // the connection may already be gone; nothing to clean up then
      }
    }
  }

  private setStatus(status: EndpointStatus): void {
    this.status = status;
    this.events.onStatus(this);
  }
}

export function toBlockHeader(header: Header): BlockHeader {
  return {
    number: header.number.toBigInt(),
    hash: header.hash.toHex().toLowerCase(),
    parentHash: header.parentHash.toHex().toLowerCase(),
  };
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function asError(value: unknown, fallback: string): Error {
  if (value instanceof Error) {
    return value;
  }
  const message = (value as { message?: unknown } | null)?.message;
  return new Error(typeof message === 'string' ? message : fallback);
}
