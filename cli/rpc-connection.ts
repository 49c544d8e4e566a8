import { ApiPromise } from '@polkadot/api';
import { InvalidArgumentError } from 'commander';
import { retryableWsProvider } from '../src/chain';

/** The bundled devnet's default endpoint (`polkamesh devnet`, `npm start` without RPC_URL). */
export const DEFAULT_RPC_URL = 'ws://127.0.0.1:9944';
export const RPC_CONNECT_TIMEOUT_MS = 10_000;

/** An option parser for one `ws://` or `wss://` endpoint. */
export function parseRpcUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new InvalidArgumentError(
      `rpc must be a ws:// or wss:// URL, got ${JSON.stringify(raw)}.`,
    );
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new InvalidArgumentError(
      `rpc must be a ws:// or wss:// URL, got ${JSON.stringify(raw)}.`,
    );
  }
  return raw.trim();
}

/** The endpoint did not answer (refused, closed, or no metadata) within the timeout. */
export class RpcUnreachableError extends Error {
  override readonly name = 'RpcUnreachableError';
}

/**
 * Connects once (no silent retry loop, so an unreachable endpoint fails within `timeoutMs` with a
 * clear error instead of logging reconnects forever) and waits for the metadata.
 */
export async function connectRpc(
  url: string,
  timeoutMs: number = RPC_CONNECT_TIMEOUT_MS,
): Promise<ApiPromise> {
  const provider = retryableWsProvider(url, false);
  const unreachable = (why: string) =>
    new RpcUnreachableError(`cannot reach the chain at ${url}: ${why}`);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unreachable(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  const closed = new Promise<never>((_, reject) => {
    provider.on('disconnected', () => reject(unreachable('the connection was refused or closed')));
  });
  try {
    await provider.connect();
    const api = await Promise.race([
      ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true }),
      deadline,
      closed,
    ]);
    closed.catch(() => undefined);
    return api;
  } catch (err) {
    await provider.disconnect().catch(() => undefined);
    throw err instanceof RpcUnreachableError ? err : unreachable(errorText(err));
  } finally {
    clearTimeout(timer);
  }
}

/** ws reports a failed connect as an ErrorEvent (an object with a message), not an Error. */
function errorText(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err) {
    const message = err.message;
    if (typeof message === 'string' && message !== '') {
      return message;
    }
  }
  return err instanceof Error ? err.message : 'the connection failed';
}

/** What Polkadot.js logs for each live subscription when we close the socket ourselves. */
const OWN_CLOSE = /disconnected from wss?:\/\/\S+: 1000:: Normal Closure/;
let isOwnCloseFiltered = false;

/**
 * Closes the connection. Polkadot.js logs an error for every subscription still cached at that
 * moment ("… disconnected from ws://…: 1000:: Normal Closure"), also after `disconnect()` resolves;
 * that is our own close, not a failure, so those lines (and only those) are dropped from stderr.
 */
export async function disconnectRpc(api: ApiPromise): Promise<void> {
  if (!isOwnCloseFiltered) {
    isOwnCloseFiltered = true;
    const original = console.error.bind(console);
    console.error = (...args: unknown[]): void => {
      if (!OWN_CLOSE.test(args.map(String).join(' '))) {
        original(...args);
      }
    };
  }
  await api.disconnect();
}
