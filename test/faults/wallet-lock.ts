const tails = new Map<string, Promise<unknown>>();

/**
 * Runs `work` when no other work holds `key` (a wallet's address): two loops signing with one
 * account at once would pick the same nonce, and the second would be refused.
 */
export function withWallet<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  tails.set(
    key,
    run.catch(() => undefined),
  );
  return run;
}

const pendingWaits = new Set<(err: Error) => void>();

/**
 * A dropped connection loses the subscription a wallet action waits on (Polkadot.js reconnects,
 * but does not resume `author_submitAndWatchExtrinsic`): fail every pending `timed` wait at once
 * instead of letting each run out its bound. Callers re-read the chain before they retry.
 */
export function failWaitsOnDisconnect(api: {
  on(event: 'disconnected', handler: () => void): unknown;
}): void {
  api.on('disconnected', () => {
    for (const fail of [...pendingWaits]) {
      fail(new Error('the connection dropped while waiting for the outcome'));
    }
  });
}

/** A wallet action that waits for finality can hang across a dropped connection: give up after `ms`. */
export function timed<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let failNow: ((err: Error) => void) | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: no outcome within ${ms} ms`)), ms);
    failNow = (err) => fail(new Error(`${what}: ${err.message}`));
    pendingWaits.add(failNow);
  });
  return Promise.race([work, timeout]).finally(() => {
    clearTimeout(timer);
    pendingWaits.delete(failNow!);
  });
}
