import { backoffDelay, type BlockRef } from '../../shared';
import { fieldsOf, refOf, type Held } from './held-action';
import type { TxManagerConfig, TxManagerDeps, TxManagerListener } from './tx-manager-config';

/** The terminal and retry transitions of held actions, with their logs, alerts and notifications. */
export class ActionSettler {
  private readonly random: () => number;

  constructor(
    private readonly deps: TxManagerDeps,
    private readonly config: TxManagerConfig,
    private readonly held: Map<string, Held>,
  ) {
    this.random = deps.random ?? Math.random;
  }

  async finalized(h: Held, block: BlockRef): Promise<void> {
    h.action = await this.deps.actions.markFinalized(refOf(h), block.hash);
    this.held.delete(h.action.id);
    this.deps.log.info('chain action finalized', { ...fieldsOf(h), block: block.number });
    this.notify((l) => l.onFinalized?.(h.action.idempotencyKey, block.hash));
  }

  /** Back to pending with backoff and jitter, or failed with an alert once out of attempts. */
  async retryOrFail(h: Held, reason: string): Promise<void> {
    if (h.action.attempts >= this.config.maxAttempts) {
      return this.fail(h, `gave up after ${h.action.attempts} attempts: ${reason}`);
    }
    const delay = backoffDelay(h.action.attempts, this.config.retry, this.random);
    const at = new Date(this.deps.clock.now().getTime() + delay);
    h.action = await this.deps.actions.reschedule(refOf(h), reason, at);
    this.held.delete(h.action.id);
    this.deps.log.warn('chain action rescheduled', { ...fieldsOf(h), reason, delayMs: delay });
    this.notify((l) => l.onRescheduled?.(h.action.idempotencyKey, reason));
  }

  /** Failed for good: logged at error level with the key, the signer and the reason (an alert). */
  async fail(h: Held, reason: string): Promise<void> {
    h.action = await this.deps.actions.markFailed(refOf(h), reason);
    this.held.delete(h.action.id);
    const signer = this.deps.signers.get(h.action.signerRole);
    this.deps.log.error('chain action failed', {
      ...fieldsOf(h),
      signer: signer?.address ?? null,
      reason,
    });
    this.notify((l) => l.onAlert?.(h.action.idempotencyKey, reason));
  }

  notify(call: (listener: TxManagerListener) => void): void {
    if (this.deps.listener) {
      try {
        call(this.deps.listener);
      } catch {
        // listeners must not break the manager
      }
    }
  }
}
