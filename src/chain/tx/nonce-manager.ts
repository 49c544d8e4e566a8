/** Where the nonce manager learns an account's next nonce (`system_accountNextIndex`). */
export type NextNonceSource = (address: string) => Promise<number>;

/**
 * Nonces per key. The first allocation reads the chain's next index (which counts the node's pool);
 * later ones advance locally, so a burst of transactions does not wait for blocks. Anything that
 * suggests the local view is wrong — a transaction rejected as stale, future or conflicting (for
 * example because someone else sends from the same key), a signature that was never submitted —
 * calls `resync`, and the next allocation reads the chain again.
 *
 * Not thread-safe by itself: allocate and submit under the key's `KeyLane`.
 */
export class NonceManager {
  private readonly next = new Map<string, number>();

  constructor(private readonly source: NextNonceSource) {}

  async allocate(address: string): Promise<number> {
    let nonce = this.next.get(address);
    if (nonce === undefined) {
      nonce = await this.source(address);
    }
    this.next.set(address, nonce + 1);
    return nonce;
  }

  /** Forget the local view of `address`; the next allocation asks the chain. */
  resync(address: string): void {
    this.next.delete(address);
  }

  /** The next nonce the manager would hand out without asking the chain (tests, logs). */
  peek(address: string): number | undefined {
    return this.next.get(address);
  }
}

/** Runs tasks one at a time per key, in call order (allocate nonce → sign → record → submit). */
export class KeyLane {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) {
        this.tails.delete(key);
      }
    });
    return result;
  }
}
