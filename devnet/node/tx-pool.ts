import type { CheckedExtrinsic } from '../runtime/transaction-validity';

/** The statuses `author_submitAndWatchExtrinsic` reports, in Substrate's JSON form. */
export type TransactionStatus =
  | 'future'
  | 'ready'
  | 'dropped'
  | 'invalid'
  | { inBlock: string }
  | { retracted: string }
  | { finalized: string };

export type StatusListener = (status: TransactionStatus) => void;

interface PoolEntry {
  xt: CheckedExtrinsic;
  listeners: Set<StatusListener>;
}

/** Pending and in-block transactions with their watchers. */
export class TxPool {
  private readonly pending = new Map<string, PoolEntry>();
  /** included, not yet finalized: tx hash -> entry + block */
  private readonly included = new Map<string, PoolEntry & { blockHash: string }>();

  has(hash: string): boolean {
    return this.pending.has(hash);
  }

  conflicts(xt: CheckedExtrinsic): boolean {
    return [...this.pending.values()].some(
      (e) => e.xt.signer === xt.signer && e.xt.nonce === xt.nonce,
    );
  }

  add(xt: CheckedExtrinsic): void {
    this.pending.set(xt.hash, { xt, listeners: new Set() });
  }

  watch(hash: string, listener: StatusListener): () => void {
    const entry = this.pending.get(hash) ?? this.included.get(hash);
    entry?.listeners.add(listener);
    return () => entry?.listeners.delete(listener);
  }

  pendingExtrinsics(): CheckedExtrinsic[] {
    return [...this.pending.values()].map((e) => e.xt);
  }

  pendingHashes(): string[] {
    return [...this.pending.keys()];
  }

  notify(hash: string, status: TransactionStatus): void {
    const entry = this.pending.get(hash) ?? this.included.get(hash);
    entry?.listeners.forEach((listener) => listener(status));
  }

  markIncluded(hash: string, blockHash: string): void {
    const entry = this.pending.get(hash);
    if (entry) {
      this.pending.delete(hash);
      this.included.set(hash, { ...entry, blockHash });
      this.notify(hash, { inBlock: blockHash });
    }
  }

  remove(hash: string, status: 'dropped' | 'invalid'): void {
    this.notify(hash, status);
    this.pending.delete(hash);
    this.included.delete(hash);
  }

  /** Called when blocks become final: watchers hear `finalized` and the entries go. */
  finalizeBlock(blockHash: string): void {
    for (const [hash, entry] of this.included) {
      if (entry.blockHash === blockHash) {
        entry.listeners.forEach((listener) => listener({ finalized: blockHash }));
        this.included.delete(hash);
      }
    }
  }

  /** Called for each block leaving the best chain; returns what it had included. */
  retractBlock(blockHash: string): CheckedExtrinsic[] {
    const retracted: CheckedExtrinsic[] = [];
    for (const [hash, entry] of this.included) {
      if (entry.blockHash === blockHash) {
        entry.listeners.forEach((listener) => listener({ retracted: blockHash }));
        this.included.delete(hash);
        this.pending.set(hash, { xt: entry.xt, listeners: entry.listeners });
        retracted.push(entry.xt);
      }
    }
    return retracted;
  }
}
