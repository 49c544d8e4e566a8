import { aiJobQueueModel } from './ai-job-queue.model';
import type { AiJobQueueState } from './ai-job-queue.model';
import { PAID_UNPAYABLE_TRAP, U128_MAX, U128_OVERFLOW_TRAP } from './contract-model';
import {
  ALICE,
  BOB,
  CAROL,
  DEFAULT_BLOCK,
  eventsOf,
  modelHarness,
  silentFailure,
  valueOf,
} from './fake-call-context';
import type { ModelHarness } from './fake-call-context';

const JOB = {
  modelRef: 'model:gpu:llama',
  dataRef: 'data:1:x',
  deadline: 100,
  privacyRequired: true,
};

function submitted(h: ModelHarness<AiJobQueueState>, owner = ALICE, value = 5000n): bigint {
  return valueOf(h.call(owner, 'submit_job', JOB, { value })) as bigint;
}

function inProgress(h: ModelHarness<AiJobQueueState>): bigint {
  const id = submitted(h);
  valueOf(h.call(ALICE, 'assign_provider', { jobId: id, provider: BOB }));
  valueOf(h.call(BOB, 'mark_in_progress', { jobId: id }));
  return id;
}

describe('aiJobQueueModel', () => {
  let h: ModelHarness<AiJobQueueState>;
  beforeEach(() => {
    h = modelHarness(aiJobQueueModel, ALICE);
  });

  it('starts as new(1000): min budget 1000, counter 0', () => {
    expect(valueOf(h.call(CAROL, 'get_min_budget'))).toBe(1000n);
    expect(valueOf(h.call(CAROL, 'get_job_counter'))).toBe(0n);
  });

  it('walks Registered → Assigned → InProgress → Completed with one event per step', () => {
    const submit = h.call(ALICE, 'submit_job', JOB, { value: 5000n });
    expect(submit).toEqual({
      kind: 'returned',
      value: 1n,
      events: [
        {
          contract: 'aiJobQueue',
          name: 'JobSubmitted',
          fields: { jobId: 1n, owner: ALICE, budget: 5000n },
        },
      ],
    });
    expect(valueOf(h.call(CAROL, 'get_job', { jobId: 1n }))).toEqual({
      id: 1n,
      owner: ALICE,
      modelRef: JOB.modelRef,
      dataRef: JOB.dataRef,
      budget: 5000n,
      status: 'Registered',
      assignedProvider: null,
      deadline: 100,
      privacyRequired: true,
    });

    expect(eventsOf(h.call(ALICE, 'assign_provider', { jobId: 1n, provider: BOB }))).toEqual([
      { contract: 'aiJobQueue', name: 'JobAssigned', fields: { jobId: 1n, provider: BOB } },
    ]);
    expect(h.state.jobs.get(1n)).toMatchObject({ status: 'Assigned', assignedProvider: BOB });

    expect(h.call(BOB, 'mark_in_progress', { jobId: 1n })).toEqual({
      kind: 'returned',
      value: true,
      events: [
        {
          contract: 'aiJobQueue',
          name: 'JobStatusChanged',
          fields: { jobId: 1n, newStatus: 'InProgress' },
        },
      ],
    });

    expect(h.call(BOB, 'mark_completed', { jobId: 1n, resultHash: '0xabc' })).toEqual({
      kind: 'returned',
      value: true,
      events: [
        {
          contract: 'aiJobQueue',
          name: 'JobCompleted',
          fields: { jobId: 1n, provider: BOB, resultHash: '0xabc' },
        },
      ],
    });
    const job = valueOf(h.call(CAROL, 'get_job', { jobId: 1n }));
    expect(job).toMatchObject({ status: 'Completed' });
    expect(job).not.toHaveProperty('resultHash'); // emitted, never stored
    expect(h.balance).toBe(5000n); // the budget stays in the contract
    expect(h.transfers).toEqual([]);
  });

  it('gives sequential IDs and records the caller as owner', () => {
    expect(submitted(h, ALICE)).toBe(1n);
    expect(submitted(h, BOB)).toBe(2n);
    expect(h.state.jobs.get(2n)?.owner).toBe(BOB);
    expect(valueOf(h.call(CAROL, 'get_job_counter'))).toBe(2n);
  });

  describe('submit_job traps', () => {
    it('traps "Insufficient payment" without value, reverting everything', () => {
      expect(h.call(ALICE, 'submit_job', JOB)).toEqual({
        kind: 'trapped',
        reason: 'Insufficient payment',
      });
      expect(h.state.jobCounter).toBe(0n);
      expect(h.state.jobs.size).toBe(0);
      expect(h.balance).toBe(0n);
    });

    it('traps below min_budget and accepts exactly min_budget', () => {
      expect(h.call(ALICE, 'submit_job', JOB, { value: 999n })).toEqual({
        kind: 'trapped',
        reason: 'Insufficient payment',
      });
      expect(valueOf(h.call(ALICE, 'submit_job', JOB, { value: 1000n }))).toBe(1n);
    });

    it('traps "Invalid deadline" when deadline <= current block', () => {
      const atBlock = { ...JOB, deadline: DEFAULT_BLOCK };
      expect(h.call(ALICE, 'submit_job', atBlock, { value: 5000n })).toEqual({
        kind: 'trapped',
        reason: 'Invalid deadline',
      });
      expect(h.call(ALICE, 'submit_job', { ...JOB, deadline: 3 }, { value: 5000n }).kind).toBe(
        'trapped',
      );
      expect(
        valueOf(
          h.call(ALICE, 'submit_job', { ...JOB, deadline: DEFAULT_BLOCK + 1 }, { value: 5000n }),
        ),
      ).toBe(1n);
      expect(h.balance).toBe(5000n);
    });

    it('checks the payment before the deadline', () => {
      expect(h.call(ALICE, 'submit_job', { ...JOB, deadline: 0 })).toEqual({
        kind: 'trapped',
        reason: 'Insufficient payment',
      });
    });

    it('traps when the value does not fit in u128', () => {
      expect(h.call(ALICE, 'submit_job', JOB, { value: U128_MAX + 1n })).toEqual({
        kind: 'trapped',
        reason: U128_OVERFLOW_TRAP,
      });
    });
  });

  it('set_min_budget: only the deployer; the new minimum applies', () => {
    expect(h.call(BOB, 'set_min_budget', { newMinBudget: 1n })).toEqual(silentFailure());
    expect(h.call(ALICE, 'set_min_budget', { newMinBudget: 10_000n })).toEqual(silentFailure(true));
    expect(valueOf(h.call(BOB, 'get_min_budget'))).toBe(10_000n);
    expect(h.call(BOB, 'submit_job', JOB, { value: 9_999n }).kind).toBe('trapped');
  });

  describe('assign_provider', () => {
    it('returns false for a caller other than the job owner', () => {
      const id = submitted(h);
      expect(h.call(BOB, 'assign_provider', { jobId: id, provider: BOB })).toEqual(silentFailure());
      expect(h.state.jobs.get(id)?.status).toBe('Registered');
    });

    it('returns false for an unknown job', () => {
      expect(h.call(ALICE, 'assign_provider', { jobId: 7n, provider: BOB })).toEqual(
        silentFailure(),
      );
    });

    it('cannot re-assign once Assigned', () => {
      const id = submitted(h);
      valueOf(h.call(ALICE, 'assign_provider', { jobId: id, provider: BOB }));
      expect(h.call(ALICE, 'assign_provider', { jobId: id, provider: CAROL })).toEqual(
        silentFailure(),
      );
      expect(h.state.jobs.get(id)?.assignedProvider).toBe(BOB);
    });

    it('lets the owner assign themself (no registry check)', () => {
      const id = submitted(h);
      expect(valueOf(h.call(ALICE, 'assign_provider', { jobId: id, provider: ALICE }))).toBe(true);
      expect(valueOf(h.call(ALICE, 'mark_in_progress', { jobId: id }))).toBe(true);
    });
  });

  describe('mark_in_progress / mark_completed', () => {
    it('mark_in_progress: false for anyone but the assigned provider, and from Registered', () => {
      const id = submitted(h);
      expect(h.call(ALICE, 'mark_in_progress', { jobId: id })).toEqual(silentFailure());
      valueOf(h.call(ALICE, 'assign_provider', { jobId: id, provider: BOB }));
      expect(h.call(ALICE, 'mark_in_progress', { jobId: id })).toEqual(silentFailure());
      expect(h.call(CAROL, 'mark_in_progress', { jobId: id })).toEqual(silentFailure());
      expect(h.call(BOB, 'mark_in_progress', { jobId: 99n })).toEqual(silentFailure());
      expect(valueOf(h.call(BOB, 'mark_in_progress', { jobId: id }))).toBe(true);
      expect(h.call(BOB, 'mark_in_progress', { jobId: id })).toEqual(silentFailure()); // not Assigned any more
    });

    it('mark_completed: false from Assigned (no skipping) and for a non-provider', () => {
      const id = submitted(h);
      valueOf(h.call(ALICE, 'assign_provider', { jobId: id, provider: BOB }));
      expect(h.call(BOB, 'mark_completed', { jobId: id, resultHash: 'r' })).toEqual(
        silentFailure(),
      );
      valueOf(h.call(BOB, 'mark_in_progress', { jobId: id }));
      expect(h.call(ALICE, 'mark_completed', { jobId: id, resultHash: 'r' })).toEqual(
        silentFailure(),
      );
      expect(h.state.jobs.get(id)?.status).toBe('InProgress');
    });

    it('does not enforce the deadline after submission', () => {
      const id = inProgress(h);
      const late = h.call(
        BOB,
        'mark_completed',
        { jobId: id, resultHash: 'r' },
        { blockNumber: 10_000 },
      );
      expect(valueOf(late)).toBe(true);
    });

    it('cannot complete twice', () => {
      const id = inProgress(h);
      valueOf(h.call(BOB, 'mark_completed', { jobId: id, resultHash: 'r' }));
      expect(h.call(BOB, 'mark_completed', { jobId: id, resultHash: 'r2' })).toEqual(
        silentFailure(),
      );
    });
  });

  describe('cancel_job', () => {
    it('cancels an InProgress job out from under the provider, without refund', () => {
      const id = inProgress(h);
      expect(h.call(ALICE, 'cancel_job', { jobId: id })).toEqual({
        kind: 'returned',
        value: true,
        events: [{ contract: 'aiJobQueue', name: 'JobCancelled', fields: { jobId: id } }],
      });
      expect(h.state.jobs.get(id)?.status).toBe('Cancelled');
      expect(h.call(BOB, 'mark_completed', { jobId: id, resultHash: 'r' })).toEqual(
        silentFailure(),
      );
      expect(h.transfers).toEqual([]);
      expect(h.balance).toBe(5000n);
    });

    it('returns true and re-emits JobCancelled when cancelled again', () => {
      const id = submitted(h);
      valueOf(h.call(ALICE, 'cancel_job', { jobId: id }));
      expect(h.call(ALICE, 'cancel_job', { jobId: id })).toEqual({
        kind: 'returned',
        value: true,
        events: [{ contract: 'aiJobQueue', name: 'JobCancelled', fields: { jobId: id } }],
      });
      expect(h.call(ALICE, 'assign_provider', { jobId: id, provider: BOB })).toEqual(
        silentFailure(),
      );
    });

    it('returns false for a non-owner, an unknown job and a Completed job', () => {
      const id = inProgress(h);
      expect(h.call(BOB, 'cancel_job', { jobId: id })).toEqual(silentFailure());
      expect(h.call(ALICE, 'cancel_job', { jobId: 42n })).toEqual(silentFailure());
      valueOf(h.call(BOB, 'mark_completed', { jobId: id, resultHash: 'r' }));
      expect(h.call(ALICE, 'cancel_job', { jobId: id })).toEqual(silentFailure());
      expect(h.state.jobs.get(id)?.status).toBe('Completed');
    });
  });

  it('get_job returns null for an unknown job and a copy for a known one', () => {
    expect(valueOf(h.call(ALICE, 'get_job', { jobId: 1n }))).toBeNull();
    const id = submitted(h);
    const job = valueOf(h.call(ALICE, 'get_job', { jobId: id })) as { status: string };
    job.status = 'Completed';
    expect(h.state.jobs.get(id)?.status).toBe('Registered');
  });

  it('saturates job_counter at u128::MAX, overwriting the last job', () => {
    const id = submitted(h);
    h.setState({ ...h.state, jobCounter: U128_MAX });
    expect(submitted(h, BOB)).toBe(U128_MAX);
    expect(submitted(h, CAROL)).toBe(U128_MAX);
    expect(h.state.jobs.get(U128_MAX)?.owner).toBe(CAROL);
    expect(h.state.jobs.get(id)?.owner).toBe(ALICE);
  });

  it('traps when value is sent to a non-payable message', () => {
    const id = submitted(h);
    expect(h.call(ALICE, 'cancel_job', { jobId: id }, { value: 1n })).toEqual({
      kind: 'trapped',
      reason: PAID_UNPAYABLE_TRAP,
    });
    expect(h.state.jobs.get(id)?.status).toBe('Registered');
  });
});
