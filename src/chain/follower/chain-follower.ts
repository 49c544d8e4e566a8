import type { ContractEvent } from '../../contracts';
import type { BlockRef, Logger } from '../../shared';
import type { ChainClient, Unsubscribe } from '..';
import type { BlockProjector } from './block-projector';
import { decodeBlockEvents, type DecodedBlockEvents } from './decode-block-events';
import { findCommonAncestor } from './find-common-ancestor';
import type { FollowerRepositories, FollowerStore } from './follower-store';

export interface ChainFollowerConfig {
  /** first block processed on a cold start (no cursor yet) */
  startBlock: bigint;
  /** blocks fetched concurrently, and written in one transaction, while catching up */
  batchSize: number;
  /** also store best-block (tentative) events, rolled back on a fork */
  followBest: boolean;
  /** how far past finality the best lane looks */
  maxTentativeDepth: number;
  /** delay before retrying after a failed round */
  retryDelayMs: number;
}

export interface FollowerProgress {
  lane: 'finalized' | 'best';
  /** first block of this catch-up run */
  from: bigint;
  /** target block */
  to: bigint;
  /** last block stored */
  current: bigint;
  events: number;
}

export class FollowerStoppedError extends Error {}

interface ReadBlock {
  ref: BlockRef;
  decoded: DecodedBlockEvents;
}

/** Finalized blocks read from the chain, ready to be stored in one transaction. */
interface FinalBatch {
  refs: BlockRef[];
  blocks: ReadBlock[];
  prepared: unknown[];
}

/**
 * Follows the chain into the event store, gap-free from a persisted cursor. Finalized blocks are
 * stored final (events, quarantine, projections and cursor in one transaction per batch); best
 * blocks beyond finality are stored tentative and rolled back when the chain forks away from them.
 * `R`: the repositories a transaction of `storage` hands over, which the projector writes with.
 */
export class ChainFollower<R extends FollowerRepositories = FollowerRepositories> {
  private readonly tentative = new Map<bigint, string>();
  private unsubscribes: Unsubscribe[] = [];
  private running: Promise<void> | undefined;
  private dirty = false;
  private stopped = false;
  private isStarted = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: ChainClient,
    private readonly storage: FollowerStore<R>,
    private readonly projector: BlockProjector<unknown, R> | null,
    private readonly config: ChainFollowerConfig,
    private readonly log: Logger,
    private readonly onProgress: (progress: FollowerProgress) => void = () => undefined,
    private readonly onFatal: (err: Error) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    this.isStarted = true;
    const finalized = await this.storage.cursors.get('finalized');
    await this.storage.transaction(async (tx) => {
      const floor = finalized?.block.number ?? this.config.startBlock - 1n;
      await tx.events.deleteTentativeAbove(floor);
      await tx.quarantine.deleteTentativeAbove(floor);
    });
    this.unsubscribes = [
      this.client.subscribeHeads('finalized', () => this.wake()),
      ...(this.config.followBest ? [this.client.subscribeHeads('best', () => this.wake())] : []),
    ];
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.unsubscribes.forEach((unsubscribe) => unsubscribe());
    this.unsubscribes = [];
    await this.running;
  }

  /** Processes everything up to the current heads once (used by start-up backfill and tests). */
  async syncOnce(): Promise<void> {
    await this.syncFinalized();
    if (this.config.followBest) {
      await this.syncBest();
    }
  }

  private wake(): void {
    this.dirty = true;
    if (this.running || this.stopped || !this.isStarted) {
      return;
    }
    this.running = this.pump().finally(() => {
      this.running = undefined;
    });
  }

  private async pump(): Promise<void> {
    while (this.dirty && !this.stopped) {
      this.dirty = false;
      try {
        await this.syncOnce();
      } catch (err) {
        if (err instanceof FollowerStoppedError) {
          return;
        }
        if ((err as { code?: unknown }).code === 'STALE_CURSOR') {
          // another follower moved our cursor: never fight over it (STYLE §6)
          this.log.error('cursor moved by another follower; stopping', { err });
          this.stopped = true;
          this.onFatal(err as Error);
          return;
        }
        this.log.warn('follower round failed; retrying', {
          err,
          retryInMs: this.config.retryDelayMs,
        });
        this.retryTimer = setTimeout(() => this.wake(), this.config.retryDelayMs);
        return;
      }
    }
  }

  private async syncFinalized(): Promise<void> {
    let cursor = await this.storage.cursors.get('finalized');
    const head = await this.client.getFinalizedHead();
    const from = cursor ? cursor.block.number + 1n : this.config.startBlock;
    let events = 0;
    for (let next = from; next <= head.number;) {
      const batch = await this.readFinalBatch(next, head.number, cursor?.block);
      const last = batch.refs[batch.refs.length - 1]!;
      const expectedVersion = cursor?.version ?? 0;
      cursor = await this.storage.transaction(async (tx) => {
        await this.storeFinal(tx, batch);
        return tx.cursors.advance('finalized', expectedVersion, last);
      });
      events += batch.blocks.reduce((n, b) => n + b.decoded.events.length, 0);
      for (const ref of batch.refs) {
        this.tentative.delete(ref.number);
      }
      this.onProgress({ lane: 'finalized', from, to: head.number, current: last.number, events });
      next = last.number + 1n;
    }
  }

  /**
   * Reads up to `batchSize` finalized blocks from `next` (at most to `head`): their refs, checked to
   * extend `tip` (the block stored last), their decoded events and the projector's preparation.
   */
  private async readFinalBatch(
    next: bigint,
    head: bigint,
    tip: BlockRef | undefined,
  ): Promise<FinalBatch> {
    this.throwIfStopped();
    const end = min(next + BigInt(this.config.batchSize) - 1n, head);
    const refs = await this.canonicalRefs(next, end);
    const [blocks] = await Promise.all([
      Promise.all(refs.map((ref) => this.readBlock(ref, true))),
      this.checkConnects(tip, refs[0]!),
    ]);
    const prepared = await Promise.all(
      blocks.map((b) =>
        this.projector
          ? this.projector.prepare(b.ref, b.decoded.decoded)
          : Promise.resolve(undefined),
      ),
    );
    return { refs, blocks, prepared };
  }

  /**
   * One batch of finalized blocks, in the follower's transaction: tentative rows of these blocks
   * become final and those of forks at their heights go, then the events and quarantined events
   * of the whole batch are inserted (idempotently) and the projector applies each block in order.
   */
  private async storeFinal(tx: R, batch: FinalBatch): Promise<void> {
    const { refs, blocks, prepared } = batch;
    await tx.events.settleFinal(refs);
    await tx.events.insertMany(blocks.flatMap((b) => b.decoded.events));
    await tx.quarantine.settleFinal(refs);
    await tx.quarantine.add(blocks.flatMap((b) => b.decoded.quarantined));
    if (this.projector) {
      for (const [i, block] of blocks.entries()) {
        await this.projector.apply(tx, block.ref, prepared[i]);
      }
    }
    for (const { ref, decoded } of blocks) {
      if (decoded.quarantined.length > 0) {
        this.log.error('contract events quarantined', {
          block: ref.number.toString(),
          count: decoded.quarantined.length,
        });
      }
    }
  }

  private async syncBest(): Promise<void> {
    const finalized = await this.storage.cursors.get('finalized');
    const floor = finalized?.block.number ?? this.config.startBlock - 1n;
    const best = await this.client.getBestHead();
    const to = min(best.number, floor + BigInt(this.config.maxTentativeDepth));
    const refs = to > floor ? await this.canonicalRefs(floor + 1n, to) : [];
    const canonical = new Map(refs.map((r) => [r.number, r.hash]));
    const ancestor = findCommonAncestor(this.tentative, canonical, floor);
    const stale = [...this.tentative.keys()].filter((height) => height > ancestor);
    if (stale.length > 0) {
      await this.storage.transaction(async (tx) => {
        await tx.events.deleteTentativeAbove(ancestor);
        await tx.quarantine.deleteTentativeAbove(ancestor);
      });
      stale.forEach((height) => this.tentative.delete(height));
      this.log.warn('fork: tentative blocks rolled back', {
        forkPoint: ancestor.toString(),
        blocks: stale.length,
      });
    }
    for (const ref of refs.filter((r) => r.number > ancestor)) {
      this.throwIfStopped();
      const block = await this.readBlock(ref, false);
      await this.storage.transaction(async (tx) => {
        await tx.events.insertMany(block.decoded.events);
        await tx.quarantine.add(block.decoded.quarantined);
        const cursor = await tx.cursors.get('best');
        await tx.cursors.advance('best', cursor?.version ?? 0, ref);
      });
      this.tentative.set(ref.number, ref.hash);
    }
  }

  private async readBlock(ref: BlockRef, isFinal: boolean): Promise<ReadBlock> {
    const raw = await this.client.getContractEvents(ref);
    return { ref, decoded: decodeBlockEvents(raw, isFinal) };
  }

  private async canonicalRefs(from: bigint, to: bigint): Promise<BlockRef[]> {
    const numbers: bigint[] = [];
    for (let n = from; n <= to; n++) {
      numbers.push(n);
    }
    const refs = await Promise.all(numbers.map((n) => this.client.getBlockRef(n)));
    return refs.map((ref, i) => {
      if (!ref) {
        throw new Error(`chain has no block ${numbers[i]!.toString()} yet`);
      }
      return ref;
    });
  }

  /** A finalized block must extend the cursor; anything else means the endpoint is not to be trusted. */
  private async checkConnects(tip: BlockRef | undefined, first: BlockRef): Promise<void> {
    if (!tip) {
      return;
    }
    const header = await this.client.getHeader(first.hash);
    if (header.parentHash !== tip.hash) {
      throw new Error(
        `finalized block ${first.number.toString()} (${first.hash}) does not extend the cursor ${tip.hash}`,
      );
    }
  }

  private throwIfStopped(): void {
    if (this.stopped) {
      throw new FollowerStoppedError('follower stopped');
    }
  }
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export type { ContractEvent };
