import { WsProvider } from '@polkadot/api';

/**
 * A WsProvider that sends every call, never answering one from Polkadot.js's call cache. That
 * cache keeps each call that names a block hash by its method and params, failed ones too: a read
 * at a block that was in flight when the connection dropped, or that timed out, is answered with
 * the same error on every retry, and each retry renews the entry's 30 s expiry, so a loop that
 * retries sooner never reads that block again (found by the fault harness, docs/guarantees.md).
 * WsProvider's own `cacheCapacity: 0` does not turn it off in 16.5.6 (`0 || 1024`). What the service
 * caches it caches itself, and forgets failures there (ChainView).
 */
export class UncachedWsProvider extends WsProvider {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- WsProvider's own signature
  override send<T = any>(
    method: string,
    params: unknown[],
    _isCacheable?: boolean,
    subscription?: Parameters<WsProvider['send']>[3],
  ): Promise<T> {
    return super.send<T>(method, params, false, subscription);
  }
}

export function uncachedWsProvider(
  endpoints: string | string[],
  autoConnectMs: number | false,
  requestTimeoutMs?: number,
): WsProvider {
  return new UncachedWsProvider(endpoints, autoConnectMs, {}, requestTimeoutMs);
}
