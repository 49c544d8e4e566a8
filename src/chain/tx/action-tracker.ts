import type { ActionSettler } from './action-settler';
import type { ChainView } from './chain-view';
import { fieldsOf, refOf, type Held } from './held-action';
import { trackTransaction } from './track-transaction';
import type { TxManagerConfig, TxManagerDeps } from './tx-manager-config';
import type { TxSender } from './tx-sender';

/**
 * Follows the recorded transaction of a held action: settles it once its effect is finalized (or
 * proven absent), marks it included, and re-sends the SAME bytes while it is pending.
 */
export class ActionTracker {
  constructor(
    private readonly deps: TxManagerDeps,
    private readonly config: TxManagerConfig,
    private readonly view: ChainView,
    private readonly sender: TxSender,
    private readonly settle: ActionSettler,
  ) {}

  async track(h: Held): Promise<void> {
    const tx = h.action.signedTx;
    if (tx === null || h.expected === null) {
      return;
    }
    const standing = await trackTransaction(tx, h.expected, h.cursor, this.view);
    const { actions } = this.deps;
    switch (standing.kind) {
      case 'effected':
        return this.settle.finalized(h, standing.block);
      case 'noEffect':
        return this.settle.retryOrFail(h, standing.reason);
      case 'dead':
        this.sender.nonces.resync(tx.signerAddress);
        return this.settle.retryOrFail(h, standing.reason);
      case 'inBlock':
        h.seenInBest = true;
        if (h.action.includedIn?.hash !== standing.block.hash) {
          h.action = await actions.markIncluded(refOf(h), standing.block);
          this.settle.notify((l) => l.onIncluded?.(h.action.idempotencyKey, standing.block.hash));
        }
        return;
      case 'pending': {
        const now = this.deps.clock.now().getTime();
        if (h.seenInBest || now - h.lastSentAt >= this.config.resendAfterMs) {
          await this.resend(h, tx.bytes, tx.txHash, now);
        }
        return;
      }
    }
  }

  /** Sends the SAME signed bytes again: same hash, same nonce, so it can never double the effect. */
  private async resend(h: Held, bytes: string, txHash: string, now: number): Promise<void> {
    h.seenInBest = false;
    h.lastSentAt = now;
    try {
      const result = await this.deps.submitter.submit(bytes);
      if (result.accepted) {
        this.deps.log.info('re-sent the recorded transaction', { ...fieldsOf(h), txHash });
        this.settle.notify((l) => l.onResent?.(h.action.idempotencyKey, txHash));
      }
    } catch (err) {
      this.deps.log.warn('re-send failed; will try again', { ...fieldsOf(h), err });
    }
  }
}
