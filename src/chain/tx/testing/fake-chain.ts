import { createHash } from 'node:crypto';
import {
  decodeCall,
  encodeEvent,
  type ContractEvent,
  type ContractName,
  type DecodedCall,
} from '../../../contracts';
import type { BlockRef } from '../../../shared';
import type { ChainClient, ContractCall, DryRunResult, RawContractEvent } from '../..';
import type { Signer } from '../signer';
import type {
  ContractTxRequest,
  EraWindow,
  SignedTx,
  SubmitResult,
  TransactionSubmitter,
} from '../transaction-submitter';

const GAS = { refTime: 1_000n, proofSize: 100n };

interface FakeTx {
  readonly hash: string;
  readonly bytes: string;
  readonly signer: string;
  readonly nonce: number;
  readonly eraBirth: bigint;
  readonly eraDeath: bigint;
  readonly contract: ContractName;
  readonly call: DecodedCall;
}

interface FakeBlock {
  readonly ref: BlockRef;
  readonly txs: readonly FakeTx[];
  readonly events: readonly RawContractEvent[];
}

/**
 * A chain for unit tests of the transaction manager: it signs (a hash of the call, the key and the
 * nonce), keeps a pool, and makes blocks from the pool only when told to (`produceBlock`,
 * `finalize`). What a call does on-chain is `effect` (default: nothing); the events are real
 * contract encodings, so the manager's event matching runs as against a node.
 */
export class FakeChain implements TransactionSubmitter {
  private readonly blocks: FakeBlock[] = [
    { ref: { number: 0n, hash: blockHash(0n, 'genesis') }, txs: [], events: [] },
  ];
  private finalizedNumber = 0n;
  private readonly pool = new Map<string, FakeTx>();
  private readonly signed = new Map<string, FakeTx>();
  /** Every `submit` by hash, resends included. */
  readonly submissions: string[] = [];
  /** Every signature, in order. */
  readonly signatures: SignedTx[] = [];
  /** The events a call emits when it is included (none: the call did nothing). */
  effect: (contract: ContractName, call: DecodedCall) => ContractEvent[] = () => [];
  /** What the dry run answers. */
  dryRunResult: (call: ContractCall) => DryRunResult = () => ({
    ok: true,
    flags: 0,
    isReverted: false,
    data: '0x0001',
    gasRequired: GAS,
    storageDeposit: 0n,
  });
  /** Runs before a submission is answered; may throw (transport failure) or answer for the node. */
  beforeSubmit: (tx: SignedTx) => SubmitResult | void = () => undefined;

  /** The read-only client the manager uses (the parts it calls). */
  readonly client = {
    getFinalizedHead: () => Promise.resolve(this.refAt(this.finalizedNumber)),
    getBestHead: () => Promise.resolve(this.best().ref),
    getBlockRef: (n: bigint) => Promise.resolve(this.blocks[Number(n)]?.ref ?? null),
    getContractEvents: (block: BlockRef) =>
      Promise.resolve([...(this.byHash(block.hash)?.events ?? [])]),
    dryRun: (call: ContractCall) => Promise.resolve(this.dryRunResult(call)),
  } as unknown as ChainClient;

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  nextNonce(address: string): Promise<number> {
    const pooled = [...this.pool.values()].filter((tx) => tx.signer === address).length;
    return Promise.resolve(this.nonceIn(this.best().ref.number, address) + pooled);
  }

  nonceAt(address: string, hash: string): Promise<number> {
    const block = this.byHash(hash);
    if (block === undefined) {
      return Promise.reject(new Error(`unknown block ${hash}`));
    }
    return Promise.resolve(this.nonceIn(block.ref.number, address));
  }

  extrinsicHashes(hash: string): Promise<string[]> {
    return Promise.resolve((this.byHash(hash)?.txs ?? []).map((tx) => tx.hash));
  }

  signContractCall(
    request: ContractTxRequest,
    signer: Signer,
    nonce: number,
    era: EraWindow,
  ): Promise<SignedTx> {
    const call = decodeCall(request.contract, request.input);
    if (call === null) {
      return Promise.reject(new Error('undecodable call'));
    }
    const body = `${request.contract}|${Buffer.from(request.input).toString('hex')}|${signer.address}|${nonce}|${era.birth.hash}`;
    const bytes = `0x${Buffer.from(body).toString('hex')}`;
    const tx: FakeTx = {
      hash: `0x${createHash('sha256').update(bytes).digest('hex')}`,
      bytes,
      signer: signer.address,
      nonce,
      eraBirth: era.birth.number,
      eraDeath: era.birth.number + BigInt(era.period),
      contract: request.contract,
      call,
    };
    this.signed.set(bytes, tx);
    const signed = { ...tx };
    this.signatures.push(signed);
    return Promise.resolve(signed);
  }

  signMapAccount(): Promise<SignedTx> {
    return Promise.reject(new Error('the fake chain maps every key already'));
  }

  isMapped(): Promise<boolean> {
    return Promise.resolve(true);
  }

  submit(bytes: string): Promise<SubmitResult> {
    const tx = this.signed.get(bytes);
    if (tx === undefined) {
      return Promise.reject(new Error('unknown bytes'));
    }
    this.submissions.push(tx.hash);
    const answer = this.beforeSubmit(tx);
    if (answer !== undefined) {
      return Promise.resolve(answer);
    }
    if (tx.nonce < this.nonceIn(this.best().ref.number, tx.signer)) {
      return Promise.resolve({ accepted: false, reason: 'stale', message: 'outdated' });
    }
    this.pool.set(tx.hash, tx);
    return Promise.resolve({ accepted: true, hash: tx.hash });
  }

  /** A new best block holding the pool's valid transactions (or `only` of them), in nonce order. */
  produceBlock(only?: (tx: FakeTx) => boolean): BlockRef {
    const number = this.best().ref.number + 1n;
    const ref = { number, hash: blockHash(number, `${this.blocks.length}`) };
    const txs = [...this.pool.values()]
      .filter((tx) => (only?.(tx) ?? true) && tx.eraBirth <= number && number < tx.eraDeath)
      .sort((a, b) => a.nonce - b.nonce);
    const events: RawContractEvent[] = [];
    txs.forEach((tx, extrinsicIndex) => {
      this.pool.delete(tx.hash);
      for (const event of this.effect(tx.contract, tx.call)) {
        const encoded = encodeEvent(event);
        events.push({
          block: ref,
          eventIndex: events.length,
          extrinsicIndex,
          pallet: 'revive',
          contract: event.contract,
          contractAddress: `0x${'00'.repeat(20)}`,
          data: `0x${Buffer.from(encoded.data).toString('hex')}`,
          topics: encoded.topics.map((t) => `0x${Buffer.from(t).toString('hex')}`),
        });
      }
    });
    this.blocks.push({ ref, txs, events });
    return ref;
  }

  /** Finalizes every block up to the best one. */
  finalize(): void {
    this.finalizedNumber = this.best().ref.number;
  }

  /** Drops the pool (a node restart): nothing pending will be included unless sent again. */
  dropPool(): void {
    this.pool.clear();
  }

  private best(): FakeBlock {
    const last = this.blocks.at(-1);
    if (last === undefined) {
      throw new Error('no blocks');
    }
    return last;
  }

  private refAt(n: bigint): BlockRef {
    const block = this.blocks[Number(n)];
    if (block === undefined) {
      throw new Error(`no block ${n}`);
    }
    return block.ref;
  }

  private byHash(hash: string): FakeBlock | undefined {
    return this.blocks.find((b) => b.ref.hash === hash);
  }

  private nonceIn(upTo: bigint, address: string): number {
    return this.blocks
      .filter((b) => b.ref.number <= upTo)
      .reduce((n, b) => n + b.txs.filter((tx) => tx.signer === address).length, 0);
  }
}

function blockHash(number: bigint, salt: string): string {
  return `0x${createHash('sha256').update(`${number}:${salt}`).digest('hex')}`;
}
