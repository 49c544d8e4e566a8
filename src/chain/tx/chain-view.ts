import type { ChainClient, RawContractEvent } from '..';
import type { BlockRef } from '../../shared';
import type { TransactionSubmitter } from './transaction-submitter';

/** A Map that forgets its oldest entries beyond `limit` (finalized data never changes). */
class BoundedCache<V> {
  private readonly map = new Map<string, Promise<V>>();

  constructor(private readonly limit: number) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      return hit;
    }
    const value = load();
    this.map.set(key, value);
    value.catch(() => this.map.delete(key));
    if (this.map.size > this.limit) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) {
        this.map.delete(oldest);
      }
    }
    return value;
  }
}

/**
 * Block data the tracker reads, cached by block HASH (contents of a block never change) or, for
 * finalized heights, by number. Heads and nonces are read once per round (`beginRound`).
 */
export class ChainView {
  private readonly finalizedRefs = new BoundedCache<BlockRef | null>(4096);
  private readonly hashes = new BoundedCache<string[]>(4096);
  private readonly events = new BoundedCache<RawContractEvent[]>(1024);
  private round = new Map<string, Promise<unknown>>();

  constructor(
    private readonly chain: ChainClient,
    private readonly submitter: TransactionSubmitter,
  ) {}

  /** Drops the per-round answers (heads, best refs, nonces). */
  beginRound(): void {
    this.round = new Map();
  }

  finalizedHead(): Promise<BlockRef> {
    return this.perRound('finalized', () => this.chain.getFinalizedHead());
  }

  bestHead(): Promise<BlockRef> {
    return this.perRound('best', () => this.chain.getBestHead());
  }

  /** The canonical block at a finalized height (cached for good). */
  finalizedRef(number: bigint): Promise<BlockRef | null> {
    return this.finalizedRefs.get(number.toString(), () => this.chain.getBlockRef(number));
  }

  /** The canonical block at a height above finality, as of this round. */
  bestRef(number: bigint): Promise<BlockRef | null> {
    return this.perRound(`ref:${number}`, () => this.chain.getBlockRef(number));
  }

  extrinsicHashes(block: BlockRef): Promise<string[]> {
    return this.hashes.get(block.hash, () => this.submitter.extrinsicHashes(block.hash));
  }

  /** Contract events of one extrinsic of `block`. */
  async extrinsicEvents(block: BlockRef, extrinsicIndex: number): Promise<RawContractEvent[]> {
    const all = await this.events.get(block.hash, () => this.chain.getContractEvents(block));
    return all.filter((event) => event.extrinsicIndex === extrinsicIndex);
  }

  /** The signer's nonce in the finalized head's state, as of this round. */
  async finalizedNonce(address: string): Promise<number> {
    const head = await this.finalizedHead();
    return this.perRound(`nonce:${address}`, () => this.submitter.nonceAt(address, head.hash));
  }

  private perRound<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.round.get(key) as Promise<T> | undefined;
    if (hit !== undefined) {
      return hit;
    }
    const value = load();
    this.round.set(key, value);
    return value;
  }
}
