import type { BlockRecord } from '../chain/block-record';

export interface ChainSnapshot {
  version: 1;
  blocks: BlockRecord[];
  bestHash: string;
  finalizedNumber: number;
  finalityLag: number;
}

/** All known blocks (every branch), the canonical (best) chain by number, and finality. */
export class ChainStore {
  private readonly blocks = new Map<string, BlockRecord>();
  private canonical: string[] = [];
  finalizedNumber = 0;
  finalityLag = 2;
  private prunedBelow = 1;

  static fromGenesis(genesis: BlockRecord): ChainStore {
    const store = new ChainStore();
    store.add(genesis);
    store.canonical = [genesis.hash];
    return store;
  }

  static fromSnapshot(snapshot: ChainSnapshot): ChainStore {
    if (snapshot.version !== 1) {
      throw new Error(`unsupported devnet state file version ${String(snapshot.version)}`);
    }
    const store = new ChainStore();
    snapshot.blocks.forEach((block) => store.add(block));
    const genesis = snapshot.blocks.find((b) => b.number === 0);
    if (!genesis) {
      throw new Error('devnet state file has no genesis block');
    }
    store.canonical = [genesis.hash];
    store.setBest(snapshot.bestHash);
    store.finalizedNumber = snapshot.finalizedNumber;
    store.finalityLag = snapshot.finalityLag;
    return store;
  }

  toSnapshot(): ChainSnapshot {
    return {
      version: 1,
      blocks: [...this.blocks.values()],
      bestHash: this.best.hash,
      finalizedNumber: this.finalizedNumber,
      finalityLag: this.finalityLag,
    };
  }

  get genesisHash(): string {
    return this.canonical[0]!;
  }

  get best(): BlockRecord {
    return this.getOrThrow(this.canonical[this.canonical.length - 1]!);
  }

  get finalized(): BlockRecord {
    return this.getOrThrow(this.canonical[this.finalizedNumber]!);
  }

  get(hash: string): BlockRecord | undefined {
    return this.blocks.get(hash.toLowerCase());
  }

  getOrThrow(hash: string): BlockRecord {
    const block = this.get(hash);
    if (!block) {
      throw new Error(`unknown block ${hash}`);
    }
    return block;
  }

  canonicalHash(number: number): string | undefined {
    return this.canonical[number];
  }

  canonicalRange(from: number, to: number): BlockRecord[] {
    return this.canonical.slice(from, to + 1).map((hash) => this.getOrThrow(hash));
  }

  add(block: BlockRecord): void {
    this.blocks.set(block.hash, block);
  }

  /** Makes `hash` the best head and rewrites the canonical chain back to the common ancestor. */
  setBest(hash: string): void {
    const block = this.get(hash);
    const tip = this.canonical.length - 1;
    if (block && block.number === tip + 1 && block.parentHash === this.canonical[tip]) {
      this.canonical.push(block.hash);
      return;
    }
    const path: string[] = [];
    let cursor = this.get(hash);
    while (cursor && this.canonical[cursor.number] !== cursor.hash) {
      path.push(cursor.hash);
      cursor = this.get(cursor.parentHash);
    }
    if (!cursor) {
      throw new Error(`block ${hash} does not connect to the chain`);
    }
    if (cursor.number < this.finalizedNumber) {
      throw new Error('refusing to replace a finalized block');
    }
    this.canonical = this.canonical.slice(0, cursor.number + 1).concat(path.reverse());
  }

  /** Finalizes up to `number` on the canonical chain; returns the newly finalized blocks in order. */
  finalize(number: number): BlockRecord[] {
    const target = Math.min(number, this.canonical.length - 1);
    if (target <= this.finalizedNumber) {
      return [];
    }
    const newly = this.canonicalRange(this.finalizedNumber + 1, target);
    this.finalizedNumber = target;
    return newly;
  }

  applyFinalityLag(): BlockRecord[] {
    return this.finalize(this.best.number - this.finalityLag);
  }

  /** Drops the full state of finalized blocks older than `keep` (and of dead forks below finality). */
  pruneStates(keep: number): void {
    const limit = this.finalizedNumber - keep;
    if (limit <= 0) {
      return;
    }
    for (let n = Math.max(1, this.prunedBelow); n < limit; n++) {
      this.getOrThrow(this.canonical[n]!).state = null;
    }
    this.prunedBelow = Math.max(this.prunedBelow, limit);
  }
}
