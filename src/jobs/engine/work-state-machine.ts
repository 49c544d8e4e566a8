import { AppError } from '../../shared';

/**
 * The states of a job in the work ledger (the service's record of a queue job it works on; the
 * chain stays the truth about the job itself), in order:
 * discovered → admitted | rejected → queued → running → succeeded | failed | expired | cancelled,
 * with running → queued again for a retry. `rejected`, `succeeded`, `failed`, `expired` and
 * `cancelled` are terminal for execution; on-chain follow-up (marking, attesting, settling) runs
 * after them until `followUpDone`.
 */
export const JOB_WORK_STATES = [
  'discovered',
  'admitted',
  'rejected',
  'queued',
  'running',
  'succeeded',
  'failed',
  'expired',
  'cancelled',
] as const;
export type JobWorkState = (typeof JOB_WORK_STATES)[number];

export const TERMINAL_WORK_STATES: readonly JobWorkState[] = [
  'rejected',
  'succeeded',
  'failed',
  'expired',
  'cancelled',
];

export function isTerminalWorkState(state: JobWorkState): boolean {
  return TERMINAL_WORK_STATES.includes(state);
}

const UNFINISHED = ['discovered', 'admitted', 'queued', 'running'] as const;

/** Every legal move: from which states, to which state (null: the state stays). */
const MOVES = {
  /** Admission accepted the job (its input is in the content store). */
  admit: { from: ['discovered'], to: 'admitted' },
  /** Admission refused it for good (or its confidential payload cannot be read). */
  reject: { from: ['discovered'], to: 'rejected' },
  /** Admission cannot decide yet (payload not on-chain, content not uploaded): try again later. */
  defer: { from: ['discovered'], to: null },
  /** Ready to run (after the custodial deposit was asked for). */
  queue: { from: ['admitted'], to: 'queued' },
  /** An attempt starts in this process. */
  start: { from: ['queued'], to: 'running' },
  succeed: { from: ['running'], to: 'succeeded' },
  /** The attempt failed and may not be retried (invalid input, MAX_RETRIES, MAX_EXECUTION_TIME). */
  fail: { from: ['running'], to: 'failed' },
  /** The attempt failed (counted); the job runs again after the backoff. */
  retry: { from: ['running'], to: 'queued' },
  /** Shutdown aborted the attempt: handed back uncounted for the next start. */
  'hand-back': { from: ['running'], to: 'queued' },
  /** The deadline block passed before the job could finish. */
  expire: { from: ['discovered', 'queued', 'running'], to: 'expired' },
  /** The owner cancelled it on-chain, or an operator cancelled it. */
  cancel: { from: UNFINISHED, to: 'cancelled' },
  /** An operator runs a failed job again from its first attempt. */
  rerun: { from: ['failed'], to: 'queued' },
  /** The on-chain follow-up of a finished job progressed (settlement, done). */
  'follow-up': { from: TERMINAL_WORK_STATES, to: null },
  /** The result's attestation was re-signed for the record it goes on-chain under. */
  'bind-attestation': { from: ['succeeded'], to: null },
} as const satisfies Record<
  string,
  { readonly from: readonly JobWorkState[]; readonly to: JobWorkState | null }
>;

/** What happened to a job: the event of the ledger's state machine. */
export type WorkMove = keyof typeof MOVES;

export const WORK_MOVES = Object.keys(MOVES) as readonly WorkMove[];

/** A move the state machine does not allow from the job's state; nothing was written. */
export class IllegalWorkTransitionError extends AppError {
  constructor(
    readonly from: JobWorkState,
    readonly move: WorkMove,
  ) {
    super('CONFLICT', `a job that is ${from} cannot ${move}`, { state: from, move });
  }
}

/** Whether `move` is allowed from `state` (pure). */
export function isLegalMove(state: JobWorkState, move: WorkMove): boolean {
  return (MOVES[move].from as readonly JobWorkState[]).includes(state);
}

/**
 * The ledger's state machine (pure): the state a job in `state` is in after `move`.
 * @throws IllegalWorkTransitionError for a move the job's state does not allow.
 */
export function nextWorkState(state: JobWorkState, move: WorkMove): JobWorkState {
  if (!isLegalMove(state, move)) {
    throw new IllegalWorkTransitionError(state, move);
  }
  return MOVES[move].to ?? state;
}
