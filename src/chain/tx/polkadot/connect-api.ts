import { ApiPromise, type WsProvider } from '@polkadot/api';
import { retryableWsProvider } from '../..';

/**
 * An ApiPromise on `endpoints` once its metadata is loaded, or a rejection after `timeoutMs`
 * (the connection is then closed). Each request then fails after `requestTimeoutMs` without an
 * answer (WsProvider's own default is 60 s: an answer an endpoint lost would hold its caller, and a
 * graceful stop, that long).
 */
export async function connectApi(
  endpoints: readonly string[],
  options: {
    readonly reconnectMs: number;
    readonly timeoutMs: number;
    readonly requestTimeoutMs: number;
  },
): Promise<{ api: ApiPromise; provider: WsProvider }> {
  const provider = retryableWsProvider(
    [...endpoints],
    options.reconnectMs,
    options.requestTimeoutMs,
  );
  const api = new ApiPromise({ provider, noInitWarn: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no chain connection in ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
  });
  try {
    await Promise.race([api.isReadyOrError, timeout]);
    return { api, provider };
  } catch (err) {
    await api.disconnect().catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
