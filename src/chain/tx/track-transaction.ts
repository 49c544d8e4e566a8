import type { SignedTxRecord } from './outbox';
import type { BlockRef } from '../../shared';
import type { ChainView } from './chain-view';
import { findExpectedEvent, type ExpectedEvent } from './expected-event';

/**
 * Where a recorded transaction stands, judged from FINALIZED facts first:
 * - `effected`: included in a finalized block whose events hold the expected event: done.
 * - `noEffect`: included in a finalized block WITHOUT the expected event (dispatch failed, or the
 *   contract returned false because the state changed since the dry run).
 * - `dead`: provably never includable: every block of its era window is finalized without it, or
 *   the signer's finalized nonce moved past it without it (someone else used that nonce). Only now
 *   may a NEW transaction be signed for the action.
 * - `inBlock`: in a best (not yet finalized) block; `pending`: not seen anywhere yet.
 */
export type TxStanding =
  | { readonly kind: 'effected'; readonly block: BlockRef }
  | { readonly kind: 'noEffect'; readonly block: BlockRef; readonly reason: string }
  | { readonly kind: 'dead'; readonly reason: string }
  | { readonly kind: 'inBlock'; readonly block: BlockRef }
  | { readonly kind: 'pending' };

/** Tracking progress of one transaction; `scannedTo` saves rescanning finalized blocks. */
export interface TrackCursor {
  /** Last finalized height already searched for the transaction (null: none yet). */
  scannedTo: bigint | null;
}

/**
 * Judges `tx`. The finalized scan is bounded by the era window [eraBirth, eraDeath): the
 * transaction cannot be in any other block, so a miss over the whole window is proof.
 */
export async function trackTransaction(
  tx: SignedTxRecord,
  expected: ExpectedEvent,
  cursor: TrackCursor,
  view: ChainView,
): Promise<TxStanding> {
  const finalized = await view.finalizedHead();
  const lastPossible = tx.eraDeath - 1n;
  const scanTo = finalized.number < lastPossible ? finalized.number : lastPossible;
  for (let n = cursor.scannedTo === null ? tx.eraBirth : cursor.scannedTo + 1n; n <= scanTo; n++) {
    const block = await view.finalizedRef(n);
    if (block === null) {
      throw new Error(`finalized block ${n.toString()} not found`);
    }
    const index = (await view.extrinsicHashes(block)).indexOf(tx.txHash);
    if (index >= 0) {
      // the cursor stays before this block: should settling it fail (a database restart), the
      // next round finds the transaction here again instead of scanning past it and taking its
      // nonce for another transaction's
      const events = await view.extrinsicEvents(block, index);
      if (findExpectedEvent(events, expected)) {
        return { kind: 'effected', block };
      }
      const reason = `included in finalized block #${block.number.toString()} without ${expected.contract}.${expected.eventName}`;
      return { kind: 'noEffect', block, reason };
    }
    cursor.scannedTo = n;
  }
  if (finalized.number >= lastPossible) {
    return { kind: 'dead', reason: 'mortal era ended before the transaction was included' };
  }
  const nonce = await view.finalizedNonce(tx.signerAddress);
  if (BigInt(nonce) > tx.nonce) {
    return {
      kind: 'dead',
      reason: `nonce ${tx.nonce.toString()} was used by another transaction of the same key`,
    };
  }
  const best = await view.bestHead();
  const bestTo = best.number < lastPossible ? best.number : lastPossible;
  for (let n = finalized.number + 1n; n <= bestTo; n++) {
    const block = await view.bestRef(n);
    if (block === null) {
      break;
    }
    if ((await view.extrinsicHashes(block)).includes(tx.txHash)) {
      return { kind: 'inBlock', block };
    }
  }
  return { kind: 'pending' };
}
