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

/** A wallet action that waits for finality can hang across a dropped connection: give up after `ms`. */
export function timed<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: no outcome within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
