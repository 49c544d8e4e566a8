import { EventEmitter } from 'node:events';
import { hexToU8a } from '@polkadot/util';
import type { BlockRecord } from '../chain/block-record';
import { BlockBuilder, genesisBlock } from '../chain/block-builder';
import type { ChainState } from '../chain/chain-state';
import { genesisState } from '../chain/genesis';
import { ContractHost, type ContractAddresses } from '../runtime/contract-host';
import type { EventRecordParts } from '../runtime/event-encoding';
import { Executive } from '../runtime/executive';
import { loadRuntimeMetadata, type RuntimeMetadata } from '../runtime/runtime-metadata';
import { checkExtrinsic, INVALID_TRANSACTION_TEXT } from '../runtime/transaction-validity';
import { ChainStore } from './chain-store';
import * as E from './rpc-error';
import { TxPool, type StatusListener } from './tx-pool';

export interface DevnetNodeOptions {
  /** 'instant': one block per submitted extrinsic; otherwise a block every `blockTimeMs` */
  mode: 'instant' | 'interval';
  blockTimeMs: number;
  finalityLag: number;
  /** how long after a block its finality is applied (clients expect `inBlock` some time before `finalized`) */
  finalityDelayMs: number;
  addresses: ContractAddresses;
  requireAccountMapping: boolean;
  /** keep full state for this many finalized blocks; older ones answer "state discarded" */
  stateHistory: number;
  /** restored chain, when starting from a state file */
  restored?: ChainStore;
}

/**
 * The devnet's node: chain store, transaction pool, block production, finality and the dev
 * controls. The RPC layer only talks to this class. Emits 'block' (new block, any branch),
 * 'best' (new best head), 'finalized' (each newly finalized block, in order).
 */
export class DevnetNode extends EventEmitter {
  readonly runtime: RuntimeMetadata = loadRuntimeMetadata();
  readonly host: ContractHost;
  readonly store: ChainStore;
  private readonly builder: BlockBuilder;
  private readonly pool = new TxPool();
  private timer: NodeJS.Timeout | undefined;
  private stalledUntil = 0;
  private clockOffsetMs = 0n;
  private producing = false;
  private finalityTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DevnetNodeOptions) {
    super();
    // every RPC subscription listens here; hundreds of clients are normal
    this.setMaxListeners(0);
    this.host = new ContractHost({
      addresses: options.addresses,
      requireAccountMapping: options.requireAccountMapping,
    });
    this.builder = new BlockBuilder(this.runtime, new Executive(this.runtime, this.host));
    this.store =
      options.restored ??
      ChainStore.fromGenesis(genesisBlock(this.runtime, genesisState(BigInt(Date.now()))));
    this.store.finalityLag = options.restored?.finalityLag ?? options.finalityLag;
  }

  start(): void {
    if (this.options.mode === 'interval') {
      this.timer = setInterval(() => this.produceIfRunning(), this.options.blockTimeMs);
    }
  }

  stop(): void {
    clearTimeout(this.finalityTimer);
    clearInterval(this.timer);
    this.timer = undefined;
  }

  get best(): BlockRecord {
    return this.store.best;
  }

  stateAt(hash?: string): ChainState {
    const block = hash ? this.store.get(hash) : this.store.best;
    if (!block) {
      throw new E.RpcError(E.STATE_UNAVAILABLE, `Unknown block ${hash ?? ''}`);
    }
    if (!block.state) {
      throw new E.RpcError(E.STATE_UNAVAILABLE, `State already discarded for ${block.hash}`);
    }
    return block.state;
  }

  submit(bytesHex: string, listener?: StatusListener): string {
    const best = this.store.best;
    const check = checkExtrinsic(this.runtime, hexToU8a(bytesHex), {
      state: this.stateAt(best.hash),
      genesisHash: this.store.genesisHash,
      bestNumber: best.number,
      blockHashAt: (n) => this.store.canonicalHash(n),
    });
    if (!check.ok) {
      if (check.error === 'Undecodable') {
        throw new E.RpcError(
          E.TRANSACTION_VERIFICATION,
          'Verification Error: Runtime error: Could not decode extrinsic',
          INVALID_TRANSACTION_TEXT.Undecodable,
        );
      }
      if (process.env['DEVNET_TRACE']) {
        const xt = this.runtime.registry.createType('Extrinsic', bytesHex);
        process.stderr.write(
          `invalid ${check.error} signer=${xt.signer.toString()} nonce=${xt.nonce.toString()} best=${best.number}\n`,
        );
      }
      throw new E.RpcError(
        E.INVALID_TRANSACTION,
        'Invalid Transaction',
        INVALID_TRANSACTION_TEXT[check.error],
      );
    }
    if (this.pool.has(check.xt.hash)) {
      throw new E.RpcError(E.ALREADY_IMPORTED, 'Transaction Already Imported');
    }
    if (this.pool.conflicts(check.xt)) {
      throw new E.RpcError(E.PRIORITY_TOO_LOW, 'Priority is too low');
    }
    this.pool.add(check.xt);
    if (listener) {
      this.pool.watch(check.xt.hash, listener);
      listener(check.isFuture ? 'future' : 'ready');
    }
    if (this.options.mode === 'instant' && !check.isFuture) {
      setImmediate(() => this.produceIfRunning());
    }
    return check.xt.hash;
  }

  watch(hash: string, listener: StatusListener): () => void {
    return this.pool.watch(hash, listener);
  }

  pendingNonces(accountId: string): number[] {
    return this.pool.pendingNonces(accountId);
  }

  pendingExtrinsics(): string[] {
    return this.pool.pendingExtrinsics().map((xt) => `0x${Buffer.from(xt.bytes).toString('hex')}`);
  }

  /**
   * Produces `count` blocks now, even while stalled (used by dev_newBlock); the first one gets
   * `mutate` applied to its parent state and `extraEvents` after its extrinsics' events.
   */
  produceBlocks(
    count: number,
    mutate?: (state: ChainState) => void,
    extraEvents?: readonly EventRecordParts[],
  ): BlockRecord[] {
    const blocks: BlockRecord[] = [];
    for (let i = 0; i < count; i++) {
      blocks.push(i === 0 ? this.produceBlock(mutate, extraEvents) : this.produceBlock());
    }
    return blocks;
  }

  finalize(number: number): void {
    this.emitFinalized(this.store.finalize(number));
  }

  setFinalityLag(lag: number): void {
    this.store.finalityLag = lag;
    this.emitFinalized(this.store.applyFinalityLag());
  }

  stall(ms: number): void {
    this.stalledUntil = Date.now() + ms;
    setTimeout(() => this.produceIfRunning(), ms + 1).unref();
  }

  timeTravel(timestampMs: bigint): void {
    this.clockOffsetMs = timestampMs - BigInt(Date.now());
  }

  /** Replaces the top `depth` best blocks by a longer competing branch; finalized blocks never change. */
  reorg(depth: number, reinclude: boolean): BlockRecord[] {
    const best = this.store.best;
    const forkPoint = best.number - depth;
    if (depth < 1 || forkPoint < this.store.finalizedNumber) {
      throw new E.RpcError(
        E.INVALID_PARAMS,
        `reorg depth must be 1..${best.number - this.store.finalizedNumber}`,
      );
    }
    const orphaned = this.store.canonicalRange(forkPoint + 1, best.number);
    let parent = this.store.getOrThrow(this.store.canonicalHash(forkPoint)!);
    const branch: BlockRecord[] = [];
    for (let i = 0; i <= depth; i++) {
      const { block } = this.buildOn(parent, [], Date.now() + i);
      this.store.add(block);
      branch.push(block);
      parent = block;
    }
    this.store.setBest(parent.hash);
    for (const block of orphaned) {
      for (const xt of this.pool.retractBlock(block.hash)) {
        if (!reinclude) {
          this.pool.remove(xt.hash, 'dropped');
        }
      }
    }
    if (reinclude && this.options.mode === 'instant') {
      setImmediate(() => this.produceIfRunning());
    }
    branch.forEach((block) => this.emit('block', block));
    this.emit('best', parent);
    this.scheduleFinality();
    return branch;
  }

  private produceIfRunning(): void {
    if (Date.now() < this.stalledUntil || this.producing) {
      return;
    }
    if (this.options.mode === 'instant' && this.pool.pendingCount === 0) {
      return;
    }
    try {
      this.produceBlock();
    } catch (err) {
      this.emit('error', err);
    }
  }

  private produceBlock(
    mutate?: (state: ChainState) => void,
    extraEvents?: readonly EventRecordParts[],
  ): BlockRecord {
    this.producing = true;
    try {
      const parent = this.store.best;
      const result = this.buildOn(parent, this.pool.pendingExtrinsics(), 0, mutate, extraEvents);
      this.store.add(result.block);
      this.store.setBest(result.block.hash);
      result.rejected.forEach(({ xt }) => this.pool.remove(xt.hash, 'invalid'));
      result.included.forEach(({ xt }) => this.pool.markIncluded(xt.hash, result.block.hash));
      this.emit('block', result.block);
      this.emit('best', result.block);
      this.scheduleFinality();
      return result.block;
    } finally {
      this.producing = false;
    }
  }

  private buildOn(
    parent: BlockRecord,
    candidates: ReturnType<TxPool['pendingExtrinsics']>,
    forkSeed: number,
    mutate?: (state: ChainState) => void,
    extraEvents?: readonly EventRecordParts[],
  ) {
    const parentState = this.stateAt(parent.hash);
    const wallClock = BigInt(Date.now()) + this.clockOffsetMs;
    const previous = parentState.timestamp;
    return this.builder.build({
      parent,
      parentState,
      prepare: mutate,
      genesisHash: this.store.genesisHash,
      timestamp: wallClock > previous ? wallClock : previous + 1n,
      candidates,
      forkSeed: forkSeed || undefined,
      extraEvents,
      blockHashAt: (n) => this.store.canonicalHash(n),
    });
  }

  /**
   * Finality follows a block on a later tick, as on a real chain, so that watchers see
   * `inBlock` before `finalized` even with a finality lag of 0.
   */
  private scheduleFinality(): void {
    if (this.finalityTimer) {
      return;
    }
    this.finalityTimer = setTimeout(() => {
      this.finalityTimer = undefined;
      this.emitFinalized(this.store.applyFinalityLag());
      this.store.pruneStates(this.options.stateHistory);
    }, this.options.finalityDelayMs);
  }

  private emitFinalized(blocks: BlockRecord[]): void {
    for (const block of blocks) {
      this.pool.finalizeBlock(block.hash);
      this.emit('finalized', block);
    }
  }
}
