import { WsProvider } from '@polkadot/api';

/** As WsProvider's own cache: 1,024 calls, each kept 30 s. */
const CAPACITY = 1024;
const TTL_MS = 30_000;

/**
 * A WsProvider whose call cache keeps answers and never failures. Polkadot.js's own cache keeps
 * each call that names a block hash by its method and params, failed ones too: a read at a block
 * that was in flight when the connection dropped, or that timed out, is answered with the same
 * error on every retry, and each retry renews the entry's 30 s expiry, so a loop that retries
 * sooner never reads that block again (found by the fault harness, docs/guarantees.md). Its
 * `cacheCapacity: 0` does not turn it off in 16.5.6 (`0 || 1024`), so every call goes past it
 * here, and this cache, like the service's own (ChainView), forgets a call that failed.
 */
export class RetryableWsProvider extends WsProvider {
  private readonly answers = new Map<
    string,
    { readonly at: number; readonly answer: Promise<unknown> }
  >();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- WsProvider's own signature
  override send<T = any>(
    method: string,
    params: unknown[],
    isCacheable?: boolean,
    subscription?: Parameters<WsProvider['send']>[3],
  ): Promise<T> {
    if (isCacheable !== true || subscription !== undefined) {
      return super.send<T>(method, params, false, subscription);
    }
    const key = `${method}:${JSON.stringify(params)}`;
    const now = Date.now();
    const hit = this.answers.get(key);
    if (hit !== undefined && now - hit.at < TTL_MS) {
      return hit.answer as Promise<T>;
    }
    const answer = super.send<T>(method, params, false);
    this.answers.delete(key);
    this.answers.set(key, { at: now, answer });
    answer.catch(() => {
      if (this.answers.get(key)?.answer === answer) {
        this.answers.delete(key);
      }
    });
    if (this.answers.size > CAPACITY) {
      this.answers.delete(this.answers.keys().next().value as string);
    }
    return answer;
  }
}

export function retryableWsProvider(
  endpoints: string | string[],
  autoConnectMs: number | false,
  requestTimeoutMs?: number,
): WsProvider {
  return new RetryableWsProvider(endpoints, autoConnectMs, {}, requestTimeoutMs);
}
