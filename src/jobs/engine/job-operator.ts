import type { ChainActionRepository } from '../../chain/tx';
import type { ChainCursorRepository } from '../../chain/follower';
import type { ProjectionRepository } from '../../projections';
import { AppError } from '../../shared';
import { stepKey } from './job-follow-up';
import type { JobWork, JobWorkPatch, JobWorkRepository } from './job-work';
import { isLegalMove } from './work-state-machine';

/** Stops an attempt running in this process (the engine); false when none runs here. */
export interface RunningAttempts {
  abortAttempt(queueJobId: bigint): boolean;
}

export interface JobOperatorStores {
  readonly work: Pick<JobWorkRepository, 'get' | 'transition'>;
  readonly projections: Pick<ProjectionRepository, 'getJob' | 'getEscrow'>;
  readonly actions: Pick<ChainActionRepository, 'findByKeys'>;
  readonly cursors: Pick<ChainCursorRepository, 'get'>;
}

/** A state move lost to the engine this many times in a row gives up with CONFLICT. */
const MAX_RACES = 5;

/**
 * Operator actions on the work ledger. Every change is a `transition` (the move and its timeline
 * line in one transaction) fenced by the state read just before, so a race with the engine (or another instance) never overwrites a newer state: a cancel
 * re-reads and tries again, a retry reports CONFLICT. Errors: NOT_FOUND for a job the ledger does
 * not hold, CONFLICT when its state does not allow the action.
 */
export class JobOperator {
  constructor(
    private readonly stores: JobOperatorStores,
    private readonly attempts: RunningAttempts,
    private readonly now: () => Date,
  ) {}

  /**
   * Stops a job that has not finished: it ends `cancelled` (a running attempt is aborted; one
   * running on another instance sees the ledger and stops at that engine's next pass) and its
   * follow-up runs as for an on-chain cancel: never paid, a custodial escrow refunded.
   */
  async cancel(queueJobId: bigint, operator: string): Promise<JobWork> {
    const reason = `cancelled by operator ${operator}`;
    for (let race = 0; race < MAX_RACES; race++) {
      const work = await this.require(queueJobId);
      if (!isLegalMove(work.state, 'cancel')) {
        throw conflict(work, `job ${queueJobId} is already ${work.state}`);
      }
      const now = this.now();
      const moved = await this.stores.work.transition(
        {
          queueJobId,
          from: work.state,
          move: 'cancel',
          patch: { reason, finishedAt: now },
          lines: [{ stage: 'cancelled', detail: reason }],
        },
        now,
      );
      if (moved !== null) {
        if (work.state === 'running') {
          this.attempts.abortAttempt(queueJobId);
        }
        return this.require(queueJobId);
      }
    }
    throw new AppError('CONFLICT', `job ${queueJobId} keeps changing state; try again`);
  }

  /**
   * Runs a failed job again from its first attempt, while that can still be paid: the deadline
   * has not passed, the job is not cancelled or completed on-chain, and its escrow is neither
   * settled nor being refunded. (An outbox refund enqueued by a follow-up pass racing this call is
   * not undone: the re-run then ends with the escrow refunded, never paid twice.)
   */
  async retry(queueJobId: bigint, operator: string): Promise<JobWork> {
    const work = await this.require(queueJobId);
    if (!isLegalMove(work.state, 'rerun')) {
      throw conflict(work, `only a failed job can be retried; job ${queueJobId} is ${work.state}`);
    }
    await this.assertPayable(work);
    const now = this.now();
    const patch: JobWorkPatch = {
      attempts: 0,
      nextAttemptAt: now,
      reason: null,
      finishedAt: null,
      settlement: 'none',
      settlementReason: null,
      followUpDone: false,
    };
    const detail = `retried by operator ${operator}; last failure: ${work.reason ?? 'unknown'}`;
    const moved = await this.stores.work.transition(
      {
        queueJobId,
        from: 'failed',
        move: 'rerun',
        patch,
        lines: [{ stage: 'operator-retry', detail }],
      },
      now,
    );
    if (moved === null) {
      throw new AppError('CONFLICT', `job ${queueJobId} changed state meanwhile; try again`);
    }
    return moved;
  }

  private async assertPayable(work: JobWork): Promise<void> {
    const id = work.queueJobId;
    const cursor = await this.stores.cursors.get('finalized');
    const finalized = cursor === null ? 0 : Number(cursor.block.number);
    if (finalized >= work.deadlineBlock) {
      throw conflict(work, `the deadline block ${work.deadlineBlock} has passed`);
    }
    const job = await this.stores.projections.getJob(id);
    if (job !== null && (job.status === 'Cancelled' || job.status === 'Completed')) {
      throw conflict(work, `the job is ${job.status} on-chain`);
    }
    const escrow = await this.stores.projections.getEscrow(id);
    if (escrow !== null && (escrow.released || escrow.refunded)) {
      throw conflict(work, `its escrow is already ${escrow.released ? 'released' : 'refunded'}`);
    }
    const settling = await this.stores.actions.findByKeys([
      stepKey(id, 'refund'),
      stepKey(id, 'release'),
    ]);
    if (settling.length > 0) {
      throw conflict(work, 'its escrow is being settled (an outbox refund or release exists)');
    }
  }

  private async require(queueJobId: bigint): Promise<JobWork> {
    const work = await this.stores.work.get(queueJobId);
    if (work === null) {
      throw new AppError('NOT_FOUND', `job ${queueJobId} is not in this service's work ledger`);
    }
    return work;
  }
}

function conflict(work: JobWork, message: string): AppError {
  return new AppError('CONFLICT', message, { state: work.state });
}
