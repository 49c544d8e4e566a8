import { backoffDelay } from '../../shared';
import { keepAttemptResult } from './attempt-result';
import { isCancelledOnChain } from './chain-facts';
import { buildExecutionRequest } from './execution-request';
import type { JobAttestor } from './job-attestor';
import { CLAIM_LEASE_MS, RUN_LEASE_MARGIN_MS, type JobEngineConfig } from './job-engine-config';
import type { JobEngineEnvironment, JobEngineStores } from './job-engine-ports';
import type { JobFollowUp } from './job-follow-up';
import type { JobRunner, RunOutcome } from './job-runner';
import type { JobWork } from './job-work';
import { decideRetry } from './retry-policy';
import type { WorkLedger } from './work-ledger';

/**
 * Attempt scheduling: starts due `queued` jobs while a slot is free (MAX_CONCURRENT_JOBS), each
 * attempt with the JOB_TIMEOUT limit and a running lease that outlives it; records the outcome:
 * succeeded, failed (invalid input, MAX_RETRIES, MAX_EXECUTION_TIME), expired, cancelled, or
 * queued again after a backoff. An attempt whose owner died (its lease ran out) counts as crashed.
 */
export class AttemptScheduler {
  private readonly running = new Map<bigint, AbortController>();
  private readonly attempts = new Set<Promise<void>>();
  private isStopping = false;

  constructor(
    private readonly stores: Pick<JobEngineStores, 'work' | 'projections' | 'actions' | 'contents'>,
    private readonly ledger: WorkLedger,
    private readonly runner: JobRunner,
    private readonly attestor: Pick<JobAttestor, 'attest'>,
    private readonly followUp: Pick<JobFollowUp, 'actionFor'>,
    private readonly config: Pick<
      JobEngineConfig,
      'maxConcurrent' | 'attemptTimeoutMs' | 'maxRetries' | 'maxExecutionMs' | 'retry'
    >,
    private readonly env: JobEngineEnvironment,
    /** Called once an attempt's outcome is recorded (its follow-up can go on now). */
    private readonly onAttemptRecorded: () => void = () => undefined,
  ) {}

  runningCount(): number {
    return this.running.size;
  }

  /** Takes work again after `pause` (the engine's start). */
  resume(): void {
    this.isStopping = false;
  }

  /** Starts no more attempts; an attempt aborted from now on is handed back, not counted. */
  pause(): void {
    this.isStopping = true;
  }

  /** Starts due jobs while a slot is free; the attempts run on in the background. */
  async startDue(finalized: number): Promise<void> {
    while (!this.isStopping && this.running.size < this.config.maxConcurrent) {
      const work = await this.stores.work.claimDue(
        ['queued', 'running'],
        CLAIM_LEASE_MS,
        this.env.now(),
      );
      if (work === null) {
        return;
      }
      if (work.state === 'running') {
        // An attempt whose owner died (its lease ran out): count it and decide again.
        const message = 'the attempt was interrupted (service restart or crash)';
        await this.afterAttempt(work, { status: 'error', kind: 'crashed', message }, finalized);
        continue;
      }
      if (finalized >= work.deadlineBlock) {
        await this.ledger.finish(work, 'expire', `deadline block ${work.deadlineBlock} passed`);
        continue;
      }
      if (await isCancelledOnChain(this.stores.projections, work.queueJobId)) {
        await this.ledger.finish(work, 'cancel', 'the owner cancelled the job on-chain');
        continue;
      }
      await this.launch(work, finalized);
    }
  }

  /** Aborts the job's attempt if it runs in this process; false otherwise. */
  abort(queueJobId: bigint): boolean {
    const controller = this.running.get(queueJobId);
    controller?.abort();
    return controller !== undefined;
  }

  /** An owner (on-chain) or an operator (the ledger, any instance) may cancel a running job: stop the attempt. */
  async abortCancelled(): Promise<void> {
    for (const [queueJobId, controller] of this.running) {
      const isLedgerCancelled = (await this.stores.work.get(queueJobId))?.state === 'cancelled';
      if (isLedgerCancelled || (await isCancelledOnChain(this.stores.projections, queueJobId))) {
        controller.abort();
      }
    }
  }

  /** Resolves once no attempt of this process is running (their outcomes recorded). */
  async whenIdle(): Promise<void> {
    while (this.attempts.size > 0) {
      await Promise.allSettled([...this.attempts]);
    }
  }

  /**
   * Pauses; running attempts get up to `drainMs` to finish, then are aborted and handed back
   * uncounted (re-run after a restart).
   */
  async drain(drainMs: number): Promise<void> {
    this.pause();
    if (drainMs > 0) {
      await Promise.race([
        Promise.allSettled([...this.attempts]),
        new Promise((resolve) => setTimeout(resolve, drainMs).unref()),
      ]);
    }
    for (const controller of this.running.values()) {
      controller.abort();
    }
    await Promise.allSettled([...this.attempts]);
  }

  private async launch(work: JobWork, finalized: number): Promise<void> {
    const attempt = work.attempts + 1;
    const leaseMs = this.config.attemptTimeoutMs + RUN_LEASE_MARGIN_MS;
    const running = await this.ledger.move(
      work,
      'start',
      { attempts: attempt, nextAttemptAt: new Date(this.env.now().getTime() + leaseMs) },
      [{ stage: 'running', detail: `attempt ${attempt}` }],
    );
    if (running === null) {
      return;
    }
    await this.stores.actions.enqueue(this.followUp.actionFor(work, 'mark_in_progress', null));
    const controller = new AbortController();
    this.running.set(work.queueJobId, controller);
    const task = this.runAttempt(running, controller.signal)
      .then((outcome) => this.afterAttempt(running, outcome, finalized))
      .catch((err: unknown) =>
        this.env.log.error('recording a job attempt failed', { err, jobId: work.queueJobId }),
      )
      .finally(() => {
        this.running.delete(work.queueJobId);
        this.attempts.delete(task);
        this.onAttemptRecorded();
      });
    this.attempts.add(task);
  }

  private async runAttempt(work: JobWork, signal: AbortSignal): Promise<RunOutcome> {
    try {
      const request = await buildExecutionRequest(work, this.stores.contents);
      if ('invalid' in request) {
        return { status: 'invalid-input', message: request.invalid };
      }
      const outcome = await this.runner.run(request, {
        signal,
        timeoutMs: this.config.attemptTimeoutMs,
      });
      this.env.listener?.onAttemptFinished?.(
        work,
        outcome.status === 'error' ? outcome.kind : outcome.status,
        outcome.status === 'ok' ? outcome.durationMs : 0,
      );
      return outcome;
    } catch (err) {
      return { status: 'error', kind: 'failed', message: errorText(err) };
    }
  }

  private async afterAttempt(work: JobWork, outcome: RunOutcome, finalized: number): Promise<void> {
    if (outcome.status === 'ok') {
      const kept = await keepAttemptResult(work, outcome, this.stores.contents, this.attestor);
      await this.ledger.finish(work, 'succeed', null, kept);
      return;
    }
    if (outcome.status === 'invalid-input') {
      await this.ledger.finish(work, 'fail', `invalid input: ${outcome.message}`);
      return;
    }
    const reason = `${outcome.kind}: ${outcome.message}`;
    if (this.isStopping && outcome.kind === 'aborted') {
      // Shutdown: hand the attempt back untouched (not counted) for the next start.
      const patch = { attempts: work.attempts - 1, nextAttemptAt: this.env.now() };
      await this.ledger.move(work, 'hand-back', patch, []);
      return;
    }
    if (await isCancelledOnChain(this.stores.projections, work.queueJobId)) {
      await this.ledger.finish(work, 'cancel', 'the owner cancelled the job on-chain');
      return;
    }
    if (finalized >= work.deadlineBlock) {
      await this.ledger.finish(work, 'expire', `deadline passed after ${reason}`);
      return;
    }
    const delay = backoffDelay(work.attempts, this.config.retry, this.env.random);
    const verdict = decideRetry(work, delay, this.env.now(), this.config);
    if (!verdict.retry) {
      await this.ledger.finish(work, 'fail', `${verdict.reason}; last: ${reason}`);
      return;
    }
    await this.ledger.move(work, 'retry', { reason, nextAttemptAt: verdict.at }, [
      { stage: 'queued', detail: reason },
      { stage: 'retry-scheduled', detail: `${reason}; retry in ${delay} ms` },
    ]);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
