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

/**
 * Pending and in-block transactions with their watchers, indexed so that every operation costs
 * the transactions it touches, not the whole pool: by signer and nonce, and by including block.
 */
export class TxPool {
  private readonly pending = new Map<string, PoolEntry>();
  /** pending: signer -> nonce -> tx hash */
  private readonly bySigner = new Map<string, Map<number, string>>();
  /** included, not yet finalized: tx hash -> entry + block */
  private readonly included = new Map<string, PoolEntry & { blockHash: string }>();
  /** included: block hash -> tx hashes */
  private readonly byBlock = new Map<string, Set<string>>();

  has(hash: string): boolean {
    return this.pending.has(hash);
  }

  conflicts(xt: CheckedExtrinsic): boolean {
    return this.bySigner.get(xt.signer)?.has(xt.nonce) ?? false;
  }

  add(xt: CheckedExtrinsic): void {
    this.addEntry({ xt, listeners: new Set() });
  }

  watch(hash: string, listener: StatusListener): () => void {
    const entry = this.pending.get(hash) ?? this.included.get(hash);
    entry?.listeners.add(listener);
    return () => entry?.listeners.delete(listener);
  }

  pendingExtrinsics(): CheckedExtrinsic[] {
    return [...this.pending.values()].map((e) => e.xt);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Nonces of `signer`'s pending transactions. */
  pendingNonces(signer: string): number[] {
    return [...(this.bySigner.get(signer)?.keys() ?? [])];
  }

  notify(hash: string, status: TransactionStatus): void {
    const entry = this.pending.get(hash) ?? this.included.get(hash);
    entry?.listeners.forEach((listener) => listener(status));
  }

  markIncluded(hash: string, blockHash: string): void {
    const entry = this.pending.get(hash);
    if (entry) {
      this.deletePending(hash);
      this.included.set(hash, { ...entry, blockHash });
      this.blockSet(blockHash).add(hash);
      this.notify(hash, { inBlock: blockHash });
    }
  }

  remove(hash: string, status: 'dropped' | 'invalid'): void {
    this.notify(hash, status);
    this.deletePending(hash);
    this.deleteIncluded(hash);
  }

  /** Called when blocks become final: watchers hear `finalized` and the entries go. */
  finalizeBlock(blockHash: string): void {
    for (const hash of this.byBlock.get(blockHash) ?? []) {
      const entry = this.included.get(hash);
      entry?.listeners.forEach((listener) => listener({ finalized: blockHash }));
      this.included.delete(hash);
    }
    this.byBlock.delete(blockHash);
  }

  /** Called for each block leaving the best chain; returns what it had included. */
  retractBlock(blockHash: string): CheckedExtrinsic[] {
    const retracted: CheckedExtrinsic[] = [];
    for (const hash of this.byBlock.get(blockHash) ?? []) {
      const entry = this.included.get(hash);
      if (!entry) {
        continue;
      }
      entry.listeners.forEach((listener) => listener({ retracted: blockHash }));
      this.included.delete(hash);
      this.addEntry({ xt: entry.xt, listeners: entry.listeners });
      retracted.push(entry.xt);
    }
    this.byBlock.delete(blockHash);
    return retracted;
  }

  private addEntry(entry: PoolEntry): void {
    this.pending.set(entry.xt.hash, entry);
    let nonces = this.bySigner.get(entry.xt.signer);
    if (!nonces) {
      nonces = new Map();
      this.bySigner.set(entry.xt.signer, nonces);
    }
    nonces.set(entry.xt.nonce, entry.xt.hash);
  }

  private deletePending(hash: string): void {
    const entry = this.pending.get(hash);
    if (!entry) {
      return;
    }
    this.pending.delete(hash);
    const nonces = this.bySigner.get(entry.xt.signer);
    if (nonces?.get(entry.xt.nonce) === hash) {
      nonces.delete(entry.xt.nonce);
      if (nonces.size === 0) {
        this.bySigner.delete(entry.xt.signer);
      }
    }
  }

  private deleteIncluded(hash: string): void {
    const entry = this.included.get(hash);
    if (entry) {
      this.included.delete(hash);
      this.byBlock.get(entry.blockHash)?.delete(hash);
    }
  }

  private blockSet(blockHash: string): Set<string> {
    let set = this.byBlock.get(blockHash);
    if (!set) {
      set = new Set();
      this.byBlock.set(blockHash, set);
    }
    return set;
  }
}
