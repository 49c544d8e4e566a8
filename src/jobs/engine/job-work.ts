import type { H160 } from '../../contracts';
import type { JobWorkState, WorkMove } from './work-state-machine';

/** How the job's escrow is settled (spec §4.8.1: only the depositor can release or refund). */
export const SETTLEMENT_STATES = [
  /** Nothing to settle yet (job not finished) or no escrow seen. */
  'none',
  /** The service is the depositor and will release or refund. */
  'custodial-pending',
  /** A user deposited: the service prepared the call and waits for their wallet. */
  'awaiting-user',
  'released',
  'refunded',
  /** The reconciler gave up: deadline + grace passed without release or refund. */
  'flagged',
] as const;
export type SettlementState = (typeof SETTLEMENT_STATES)[number];

/** What the executor produced, kept for the API, the attestation and re-runs. */
export interface WorkResult {
  readonly inputDigest: string;
  readonly modelDigest: string;
  readonly outputDigest: string;
  readonly outputMediaType: string;
  readonly executorVersion: string;
  readonly summary: Readonly<Record<string, string | number | boolean | null>>;
  /** Digests of artifacts (e.g. a trained model) stored in the content store, by role. */
  readonly artifacts: Readonly<Record<string, string>>;
  readonly durationMs: number;
}

export interface JobWork {
  readonly queueJobId: bigint;
  /** Our provider key the job is assigned to. */
  readonly provider: H160;
  readonly owner: H160;
  readonly modelRef: string;
  readonly dataRef: string;
  /** Contract units (native × 1e8). */
  readonly budget: bigint;
  readonly deadlineBlock: number;
  readonly privacyRequired: boolean;
  /** phala_job_processor id carrying this job's payload (privacy) or its attestation anchor. */
  readonly confidentialId: bigint | null;
  readonly state: JobWorkState;
  /** Execution attempts started so far. */
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  /** Why it was rejected or failed, or why the last attempt failed. */
  readonly reason: string | null;
  /** The admitted input, copied into the content store. */
  readonly inputDigest: string | null;
  readonly result: WorkResult | null;
  /** The signed attestation as JSON (see src/attestation/signed-attestation-json.ts). */
  readonly attestation: string | null;
  readonly settlement: SettlementState;
  readonly settlementReason: string | null;
  /** Marking, attesting and settling on-chain are finished (or given up with a reason). */
  readonly followUpDone: boolean;
  readonly discoveredAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
}

export type NewJobWork = Pick<
  JobWork,
  | 'queueJobId'
  | 'provider'
  | 'owner'
  | 'modelRef'
  | 'dataRef'
  | 'budget'
  | 'deadlineBlock'
  | 'privacyRequired'
>;

/** Fields a move of the ledger may write besides the state (which the move decides). */
export type JobWorkPatch = Partial<
  Pick<
    JobWork,
    | 'attempts'
    | 'nextAttemptAt'
    | 'reason'
    | 'inputDigest'
    | 'result'
    | 'attestation'
    | 'settlement'
    | 'settlementReason'
    | 'followUpDone'
    | 'finishedAt'
    | 'confidentialId'
    | 'modelRef'
    | 'dataRef'
  >
>;

/** One line of a job's timeline. */
export interface JobWorkEvent {
  readonly queueJobId: bigint;
  readonly stage: string;
  readonly at: Date;
  readonly detail: string | null;
}

/** A timeline line as a move writes it (at the move's time, for the moved job). */
export interface TimelineLine {
  readonly stage: string;
  readonly detail: string | null;
}

/** One move of the work ledger (see work-state-machine.ts), as the caller asks for it. */
export interface WorkTransition {
  readonly queueJobId: bigint;
  /** The state the caller saw: nothing is written unless the row is still in it. */
  readonly from: JobWorkState;
  /** What happened; the next state is `nextWorkState(from, move)`. */
  readonly move: WorkMove;
  /** Fields written with the move. */
  readonly patch: JobWorkPatch;
  /** Timeline lines written with the move, in this order. */
  readonly lines: readonly TimelineLine[];
}

export interface ListWorkQuery {
  readonly states?: readonly JobWorkState[];
  readonly limit: number;
}

/**
 * The work ledger. Inserts are idempotent by queue job id; `claimDue` hands a due row to one
 * instance at a time (PostgreSQL: FOR UPDATE SKIP LOCKED), and `transition` is fenced by the state
 * the caller saw, so two instances can never both move the same job. A row and its timeline change
 * together: an insert or a transition writes its timeline lines in the same database transaction.
 */
export interface JobWorkRepository {
  /**
   * Inserts a discovered job with its first timeline line (`discovered`, `detail`), in one
   * transaction. Returns the stored row, or null when the job is already known (nothing written).
   */
  insertDiscovered(work: NewJobWork, now: Date, detail: string | null): Promise<JobWork | null>;
  get(queueJobId: bigint): Promise<JobWork | null>;
  /**
   * Takes the oldest due row in one of `states`: its `nextAttemptAt` moves to now + leaseMs so no
   * other claimer sees it meanwhile. Returns the claimed row (state and attempts unchanged).
   */
  claimDue(states: readonly JobWorkState[], leaseMs: number, now: Date): Promise<JobWork | null>;
  /**
   * Moves the row from `change.from` to `nextWorkState(change.from, change.move)` with
   * `change.patch`, and appends `change.lines` at `now`, in one transaction: all of it or nothing.
   * Returns the row as stored, or null (nothing written) when the row is not in `change.from` any
   * more (someone else moved it).
   * @throws IllegalWorkTransitionError when the state machine refuses the move (nothing written).
   */
  transition(change: WorkTransition, now: Date): Promise<JobWork | null>;
  /**
   * Rows in a terminal state whose on-chain follow-up is not done, by queue job id (keyset: those
   * after `after`, or from the start when null).
   */
  listFollowUps(after: bigint | null, limit: number): Promise<JobWork[]>;
  /** Newest discovered first (then by queue job id, descending). */
  list(query: ListWorkQuery): Promise<JobWork[]>;
  countByState(): Promise<Record<JobWorkState, number>>;
  /** The job's timeline, oldest first; lines of one move in the order they were given. */
  listEvents(queueJobId: bigint): Promise<JobWorkEvent[]>;
  /** How many jobs are in each settlement state (one aggregate query). */
  countBySettlement(): Promise<Record<SettlementState, number>>;
  /**
   * Exact percentiles (0..1, nearest rank) of the succeeded jobs' executor durations, in ms, and how
   * many there are; null percentiles when there is none. One count plus one indexed row per percentile.
   */
  executionPercentiles(
    percentiles: readonly number[],
  ): Promise<{ readonly count: number; readonly valuesMs: readonly (number | null)[] }>;
}
