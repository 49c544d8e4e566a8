import type { JobEngineEnvironment } from './job-engine-ports';
import type {
  JobWork,
  JobWorkPatch,
  JobWorkRepository,
  NewJobWork,
  TimelineLine,
} from './job-work';
import type { WorkMove } from './work-state-machine';

/**
 * The engine's side of the work ledger: every move goes through the state machine and is written
 * with its timeline lines in one transaction (the repository's `transition`), then announced to
 * the listener and the log. A stage never writes the ledger any other way.
 */
export class WorkLedger {
  constructor(
    private readonly repo: Pick<JobWorkRepository, 'insertDiscovered' | 'transition'>,
    private readonly env: Pick<JobEngineEnvironment, 'log' | 'now' | 'listener'>,
  ) {}

  /** Adds a discovered job (and its `discovered` line); false when the ledger has it already. */
  async discover(work: NewJobWork, detail: string): Promise<boolean> {
    const stored = await this.repo.insertDiscovered(work, this.env.now(), detail);
    if (stored !== null) {
      this.announce(stored, [{ stage: 'discovered', detail }]);
    }
    return stored !== null;
  }

  /**
   * Applies `move` to the job as the caller read it, with `patch` and the timeline `lines`.
   * Returns the job as stored, or null when someone else moved it first (nothing written).
   * @throws IllegalWorkTransitionError when the state machine refuses the move.
   */
  async move(
    work: JobWork,
    move: WorkMove,
    patch: JobWorkPatch,
    lines: readonly TimelineLine[],
  ): Promise<JobWork | null> {
    const stored = await this.repo.transition(
      { queueJobId: work.queueJobId, from: work.state, move, patch, lines },
      this.env.now(),
    );
    if (stored !== null) {
      this.announce(stored, lines);
    }
    return stored;
  }

  /** Ends the job's execution in `state`'s move with `reason` (its line names the new state). */
  async finish(
    work: JobWork,
    move: 'reject' | 'succeed' | 'fail' | 'expire' | 'cancel',
    reason: string | null,
    patch: JobWorkPatch = {},
  ): Promise<JobWork | null> {
    const state = FINISHED_BY[move];
    return this.move(work, move, { ...patch, reason, finishedAt: this.env.now() }, [
      { stage: state, detail: reason },
    ]);
  }

  private announce(work: JobWork, lines: readonly TimelineLine[]): void {
    for (const { stage, detail } of lines) {
      try {
        this.env.listener?.onStage?.(work, stage, detail);
      } catch {
        // a listener never stops the engine
      }
      this.env.log.info(`job ${work.queueJobId} ${stage}`, detail === null ? {} : { detail });
    }
  }
}

const FINISHED_BY = {
  reject: 'rejected',
  succeed: 'succeeded',
  fail: 'failed',
  expire: 'expired',
  cancel: 'cancelled',
} as const;
