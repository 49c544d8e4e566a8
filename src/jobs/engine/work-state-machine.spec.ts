import { AppError } from '../../shared';
import {
  IllegalWorkTransitionError,
  isLegalMove,
  isTerminalWorkState,
  JOB_WORK_STATES,
  nextWorkState,
  WORK_MOVES,
  type JobWorkState,
  type WorkMove,
} from './work-state-machine';

/**
 * The ledger's lifecycle as the engine, the operator and the follow-up pass use it, written out
 * by hand: every (state, move) pair that is legal and where it leads. Every other pair is illegal.
 */
const LEGAL: Readonly<Record<WorkMove, Partial<Record<JobWorkState, JobWorkState>>>> = {
  admit: { discovered: 'admitted' },
  reject: { discovered: 'rejected' },
  defer: { discovered: 'discovered' },
  queue: { admitted: 'queued' },
  start: { queued: 'running' },
  succeed: { running: 'succeeded' },
  fail: { running: 'failed' },
  retry: { running: 'queued' },
  'hand-back': { running: 'queued' },
  expire: { discovered: 'expired', queued: 'expired', running: 'expired' },
  cancel: {
    discovered: 'cancelled',
    admitted: 'cancelled',
    queued: 'cancelled',
    running: 'cancelled',
  },
  rerun: { failed: 'queued' },
  'follow-up': {
    rejected: 'rejected',
    succeeded: 'succeeded',
    failed: 'failed',
    expired: 'expired',
    cancelled: 'cancelled',
  },
  'bind-attestation': { succeeded: 'succeeded' },
};

const pairs = WORK_MOVES.flatMap((move) => JOB_WORK_STATES.map((state) => ({ state, move })));
const legal = pairs.filter(({ state, move }) => LEGAL[move][state] !== undefined);
const illegal = pairs.filter(({ state, move }) => LEGAL[move][state] === undefined);

describe('work state machine', () => {
  it('knows exactly the moves of the lifecycle', () => {
    expect([...WORK_MOVES].sort()).toEqual(Object.keys(LEGAL).sort());
    expect(pairs).toHaveLength(14 * 9);
    expect(legal).toHaveLength(23);
  });

  it.each(legal.map(({ state, move }) => [state, move, LEGAL[move][state]] as const))(
    'a %s job may %s: it is then %s',
    (state, move, next) => {
      expect(isLegalMove(state, move)).toBe(true);
      expect(nextWorkState(state, move)).toBe(next);
    },
  );

  it.each(illegal.map(({ state, move }) => [state, move] as const))(
    'a %s job may not %s',
    (state, move) => {
      expect(isLegalMove(state, move)).toBe(false);
      expect(() => nextWorkState(state, move)).toThrow(IllegalWorkTransitionError);
    },
  );

  it('refuses with a CONFLICT that names the state and the move', () => {
    let error: unknown;
    try {
      nextWorkState('succeeded', 'start');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'CONFLICT',
      message: 'a job that is succeeded cannot start',
      from: 'succeeded',
      move: 'start',
    });
  });

  it('lets nothing but follow-up (and a rerun of a failed job) touch a terminal job', () => {
    const terminal = JOB_WORK_STATES.filter(isTerminalWorkState);
    expect(terminal).toEqual(['rejected', 'succeeded', 'failed', 'expired', 'cancelled']);
    for (const state of terminal) {
      const moves = WORK_MOVES.filter((move) => isLegalMove(state, move));
      const expected: WorkMove[] = ['follow-up'];
      if (state === 'failed') {
        expected.push('rerun');
      }
      if (state === 'succeeded') {
        expected.push('bind-attestation');
      }
      expect(moves.sort()).toEqual(expected.sort());
    }
  });
});
