// Over 300 lines: the round loop (claim, send, track, settle) and the lifecycle around it stay in one
// class so their ordering is read in one place; each step lives in its own file (tx-sender.ts,
// action-tracker.ts, action-settler.ts, chain-view.ts).
import {
  DEFAULT_PASS_HEALTH,
  finishesWithin,
  PassHealth,
  startPollLoop,
  type LongRunning,
  type PollLoop,
  type PartHealth,
} from '../../shared';
import { ActionSettler } from './action-settler';
import { ActionTracker } from './action-tracker';
import { encodeStoredCall, InvalidActionError, judgeDryRun, withGasMargin } from './call-input';
import { ChainView } from './chain-view';
import { expectedEventFor } from './expected-event';
import { fieldsOf, isTransition, refOf, type Held } from './held-action';
import { mapAccounts } from './map-accounts';
import type { ChainAction } from './outbox';
import type { TxManagerConfig, TxManagerDeps } from './tx-manager-config';
import { TxSender } from './tx-sender';

/**
 * Drives the `chain_actions` outbox to finality: claim → dry-run (refuse false/0/None) → sign →
 * record (write-ahead) → submit → track → done when the expected event is in a FINALIZED block.
 * See docs in `index.ts` for the crash-safety argument.
 */
export class TxManager implements LongRunning {
  readonly name = 'tx-manager';
  private readonly held = new Map<string, Held>();
  private readonly sender: TxSender;
  private readonly view: ChainView;
  private readonly settle: ActionSettler;
  private readonly tracker: ActionTracker;
  /** The rounds, once start() has mapped the keys. */
  private loop: PollLoop | undefined;
  private readonly work = new Set<Promise<void>>();
  private isStopped = true;
  private readonly rounds: PassHealth;

  constructor(
    private readonly deps: TxManagerDeps,
    private readonly config: TxManagerConfig,
  ) {
    this.rounds = new PassHealth(config.health ?? DEFAULT_PASS_HEALTH, config.pollIntervalMs);
    this.sender = new TxSender(deps.chain, deps.submitter, deps.clock, deps.log);
    this.view = new ChainView(deps.chain, deps.submitter);
    this.settle = new ActionSettler(deps, config, this.held);
    this.tracker = new ActionTracker(deps, config, this.view, this.sender, this.settle);
  }

  async start(): Promise<void> {
    this.isStopped = false;
    await mapAccounts(
      this.deps.signers.distinct(),
      this.sender,
      this.deps.submitter,
      this.deps.log,
      {
        eraPeriod: this.config.eraPeriod,
        timeoutMs: this.config.mapAccountTimeoutMs,
        pollMs: Math.min(200, this.config.pollIntervalMs),
      },
    );
    this.deps.log.info('transaction manager started', { keys: this.deps.signers.roles() });
    this.rounds.started();
    // runRound reports its own failures (PassHealth, a warning) and never rejects
    this.loop = startPollLoop(
      () => this.runRound(),
      this.config.pollIntervalMs,
      () => undefined,
    );
  }

  /**
   * Stops claiming and tracking and waits up to `drainMs` for running steps; leases lapse for the
   * next owner. A step still waiting on the chain after that (a request to an endpoint that stopped
   * answering) is let go rather than holding the shutdown: whatever it did is in the outbox
   * (write-ahead), so the next owner resumes it exactly as after a crash; its late writes are
   * fenced by the lease.
   */
  async stop(drainMs = Number.POSITIVE_INFINITY): Promise<void> {
    this.isStopped = true;
    this.rounds.stopped();
    const rounds = this.loop?.stop();
    this.loop = undefined;
    const finished = (async () => {
      await rounds;
      await Promise.allSettled([...this.work]);
    })();
    if (!(await finishesWithin(finished, drainMs))) {
      this.deps.log.warn('stopped without waiting longer for steps in flight; their leases lapse', {
        drainMs,
        actions: [...this.held.values()].filter((h) => h.busy).map((h) => h.action.idempotencyKey),
      });
    }
    this.held.clear();
  }

  /** Unhealthy before start, after stop, and when its last rounds failed or one hangs. */
  health(): PartHealth {
    return this.rounds.health();
  }

  /**
   * An action was enqueued: the next round starts now instead of after `pollIntervalMs` (or right
   * after the round in flight), which stays the fallback.
   */
  wake(): void {
    this.loop?.wake();
  }

  /** Actions this process holds right now (tests, metrics). */
  heldCount(): number {
    return this.held.size;
  }

  private async runRound(): Promise<void> {
    try {
      await this.renewLeases();
      await this.claim();
      this.view.beginRound();
      const tracked = [...this.held.values()].filter((h) => !h.busy && h.expected !== null);
      await Promise.all(tracked.map((h) => this.step(h, () => this.tracker.track(h))));
      this.rounds.succeeded();
    } catch (err) {
      this.rounds.failed(err);
      this.deps.log.warn('transaction manager round failed; retrying', { err });
    }
  }

  private async claim(): Promise<void> {
    const { actions } = this.deps;
    while (!this.isStopped && this.held.size < this.config.maxInFlight) {
      const action = await actions.claimNextInFlight(this.config.leaseMs);
      if (action === null) {
        break;
      }
      this.adopt(action);
    }
    while (!this.isStopped && this.held.size < this.config.maxInFlight) {
      const action = await actions.claimNext(this.config.leaseMs);
      if (action === null) {
        break;
      }
      const h = this.adopt(action);
      void this.step(h, () => this.prepareAndSend(h), 'release');
    }
  }

  private adopt(action: ChainAction): Held {
    const h: Held = {
      action,
      leaseUntil: action.nextAttemptAt.getTime(),
      busy: false,
      expected: null,
      cursor: { scannedTo: null },
      lastSentAt: 0,
      seenInBest: false,
    };
    this.held.set(action.id, h);
    if (action.status === 'submitted' || action.status === 'included') {
      try {
        h.expected = expectedEventFor(action.contract, action.message, action.args);
      } catch (err) {
        void this.step(h, () => this.settle.fail(h, `cannot track: ${String(err)}`));
        return h;
      }
      if (action.signedTx === null) {
        void this.step(h, () => this.settle.fail(h, 'in flight without a recorded transaction'));
      } else {
        this.deps.log.info('resuming in-flight action', fieldsOf(h));
      }
    }
    return h;
  }

  /**
   * Runs one step on a held action. Losing the lease (a fenced write fails) lets it go; another
   * error keeps a tracked action for the next round, or releases a preparing one (its lease lapses
   * and a later claim tries again).
   */
  private step(
    h: Held,
    task: () => Promise<void>,
    onError: 'keep' | 'release' = 'keep',
  ): Promise<void> {
    h.busy = true;
    const run = task()
      .catch((err: unknown) => {
        if (isTransition(err)) {
          this.deps.log.warn('lost the lease of an action; letting it go', {
            ...fieldsOf(h),
            err,
          });
          this.held.delete(h.action.id);
          return;
        }
        this.deps.log.warn('action step failed', { ...fieldsOf(h), err, onError });
        if (onError === 'release') {
          this.held.delete(h.action.id);
        }
      })
      .finally(() => {
        h.busy = false;
        this.work.delete(run);
      });
    this.work.add(run);
    return run;
  }

  private async prepareAndSend(h: Held): Promise<void> {
    const { action } = h;
    if (action.attempts > this.config.maxAttempts) {
      return this.settle.fail(
        h,
        `gave up after ${this.config.maxAttempts} attempts: ${action.lastError ?? 'unknown'}`,
      );
    }
    const signer = this.deps.signers.get(action.signerRole);
    let input: Uint8Array;
    try {
      if (signer === undefined) {
        throw new InvalidActionError(`no key for signer role ${action.signerRole}`);
      }
      h.expected = expectedEventFor(action.contract, action.message, action.args);
      input = encodeStoredCall(action.contract, action.message, action.args);
    } catch (err) {
      return this.settle.fail(h, err instanceof Error ? err.message : String(err));
    }
    let dryRun;
    try {
      dryRun = await this.deps.chain.dryRun({
        contract: action.contract,
        origin: signer.address,
        value: action.value,
        input,
      });
    } catch (err) {
      return this.settle.retryOrFail(h, `dry run unavailable: ${String(err)}`);
    }
    const verdict = judgeDryRun(action.contract, action.message, dryRun);
    if (!verdict.ok) {
      return this.settle.fail(h, verdict.reason);
    }
    const request = {
      contract: action.contract,
      input,
      value: action.value,
      ...withGasMargin(verdict, this.config.gasMarginPercent),
    };
    try {
      const outcome = await this.sender.send(
        signer,
        (nonce, birth) =>
          this.deps.submitter.signContractCall(request, signer, nonce, {
            birth,
            period: this.config.eraPeriod,
          }),
        async (tx) => {
          const leaseUntil = this.deps.clock.now().getTime() + this.config.leaseMs;
          h.action = await this.deps.actions.recordSignedTx(
            refOf(h),
            {
              txHash: tx.hash,
              bytes: tx.bytes,
              signerAddress: signer.address,
              nonce: BigInt(tx.nonce),
              eraBirth: tx.eraBirth,
              eraDeath: tx.eraDeath,
              signedAt: this.deps.clock.now(),
            },
            new Date(leaseUntil),
          );
          h.leaseUntil = leaseUntil;
          h.cursor = { scannedTo: null };
          h.seenInBest = false;
        },
      );
      h.lastSentAt = this.deps.clock.now().getTime();
      this.settle.notify((l) =>
        l.onSubmitted?.(action.idempotencyKey, outcome.tx.hash, outcome.tx.nonce),
      );
    } catch (err) {
      if (isTransition(err)) {
        throw err;
      }
      return this.settle.retryOrFail(
        h,
        `not submitted: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  private async renewLeases(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const due = [...this.held.values()].filter((h) => h.leaseUntil - now < this.config.leaseMs / 2);
    await Promise.all(
      due.map(async (h) => {
        const until = now + this.config.leaseMs;
        try {
          await this.deps.actions.extendLease(refOf(h), new Date(until));
          h.leaseUntil = until;
        } catch (err) {
          if (!isTransition(err)) {
            throw err;
          }
          this.deps.log.warn('lost the lease of an action; letting it go', {
            ...fieldsOf(h),
            err,
          });
          this.held.delete(h.action.id);
        }
      }),
    );
  }
}
