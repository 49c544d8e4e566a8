import type { ChainClient } from '..';
import type { BlockRef, Logger, Clock } from '../../shared';
import { KeyLane, NonceManager } from './nonce-manager';
import type { Signer } from './signer';
import type { SignedTx, SubmitResult, TransactionSubmitter } from './transaction-submitter';

/** Rejections that mean "this nonce is taken or not next": resync and sign again. */
const NONCE_CLASHES = new Set(['stale', 'future', 'conflict']);
const MAX_NONCE_ROUNDS = 4;

/** Signs with `nonce` and a mortal era born at `birth` (a finalized block). */
export type SignFn = (nonce: number, birth: BlockRef) => Promise<SignedTx>;

/** What happened to a freshly signed transaction. `unknown`: the transport failed mid-submit. */
export type SendOutcome =
  | { readonly kind: 'accepted'; readonly tx: SignedTx }
  | { readonly kind: 'unknown'; readonly tx: SignedTx; readonly error: unknown };

export class TxRejectedError extends Error {
  constructor(readonly result: Extract<SubmitResult, { accepted: false }>) {
    super(`transaction rejected (${result.reason}): ${result.message}`);
    this.name = 'TxRejectedError';
  }
}

/**
 * Signs and submits per key, one at a time per key: allocate a nonce, sign (mortal era born at the
 * finalized head), RECORD (write-ahead, via `record`), then submit. A nonce clash (someone else
 * sent from the key) resyncs the nonce and signs again; the rejected bytes were never accepted by
 * the node and are replaced in the record before anything else is sent, so they stay dead.
 */
export class TxSender {
  private readonly lane = new KeyLane();
  readonly nonces: NonceManager;

  constructor(
    private readonly chain: ChainClient,
    private readonly submitter: TransactionSubmitter,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.nonces = new NonceManager((address) => submitter.nextNonce(address));
  }

  send(
    signer: Signer,
    sign: SignFn,
    record: (tx: SignedTx) => Promise<void>,
  ): Promise<SendOutcome> {
    return this.lane.run(signer.accountId, () => this.sendInLane(signer, sign, record));
  }

  private async sendInLane(
    signer: Signer,
    sign: SignFn,
    record: (tx: SignedTx) => Promise<void>,
  ): Promise<SendOutcome> {
    for (let round = 1; ; round++) {
      const nonce = await this.nonces.allocate(signer.address);
      let tx: SignedTx;
      try {
        const birth = await this.chain.getFinalizedHead();
        tx = await sign(nonce, birth);
        await record(tx);
      } catch (err) {
        this.nonces.resync(signer.address);
        throw err;
      }
      let result: SubmitResult;
      try {
        result = await this.submitter.submit(tx.bytes);
      } catch (error) {
        // The node may or may not hold the bytes: keep the nonce, let the tracker find out.
        this.log.warn('submit outcome unknown; tracking the recorded transaction', {
          signer: signer.address,
          txHash: tx.hash,
          err: error,
        });
        return { kind: 'unknown', tx, error };
      }
      if (result.accepted) {
        return { kind: 'accepted', tx };
      }
      this.nonces.resync(signer.address);
      if (!NONCE_CLASHES.has(result.reason) || round >= MAX_NONCE_ROUNDS) {
        throw new TxRejectedError(result);
      }
      this.log.warn('nonce clash; signing again with a fresh nonce', {
        signer: signer.address,
        nonce,
        reason: result.reason,
        at: this.clock.now().toISOString(),
      });
    }
  }
}
