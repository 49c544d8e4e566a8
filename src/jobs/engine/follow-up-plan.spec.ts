import type { H160 } from '../../contracts/types';
import {
  FOLLOW_UP_STEPS,
  planFollowUp,
  type FollowUpFacts,
  type StepStatus,
} from './follow-up-plan';
import type { JobWork } from './job-work';

const OURS = '0x00000000000000000000000000000000000000aa' as H160;
const USER = '0x00000000000000000000000000000000000000bb' as H160;

function work(overrides: Partial<JobWork> = {}): JobWork {
  return {
    queueJobId: 7n,
    provider: OURS,
    owner: USER,
    modelRef: 'ocr:pp-ocrv4',
    dataRef: 'cas:sha256:' + '0'.repeat(64),
    budget: 10n ** 18n,
    deadlineBlock: 100,
    privacyRequired: false,
    confidentialId: null,
    state: 'succeeded',
    attempts: 1,
    nextAttemptAt: new Date(0),
    reason: null,
    inputDigest: 'sha256:' + '1'.repeat(64),
    result: {
      inputDigest: 'sha256:' + '1'.repeat(64),
      modelDigest: 'sha256:' + '2'.repeat(64),
      outputDigest: 'sha256:' + '3'.repeat(64),
      outputMediaType: 'text/plain',
      executorVersion: 'x@1',
      summary: {},
      artifacts: {},
      durationMs: 5,
    },
    attestation: '{}',
    settlement: 'none',
    settlementReason: null,
    followUpDone: false,
    discoveredAt: new Date(0),
    updatedAt: new Date(0),
    finishedAt: new Date(0),
    ...overrides,
  };
}

function steps(overrides: Partial<Record<(typeof FOLLOW_UP_STEPS)[number], StepStatus>> = {}) {
  const all = Object.fromEntries(FOLLOW_UP_STEPS.map((s) => [s, 'absent'])) as Record<
    (typeof FOLLOW_UP_STEPS)[number],
    StepStatus
  >;
  return { ...all, ...overrides };
}

function facts(overrides: Partial<FollowUpFacts> = {}): FollowUpFacts {
  return {
    job: { status: 'InProgress' },
    escrow: { owner: OURS, amount: 5n, released: false, refunded: false },
    confidential: null,
    steps: steps(),
    custody: OURS,
    finalizedBlock: 50,
    graceBlocks: 10,
    ...overrides,
  };
}

describe('planFollowUp', () => {
  it('anchors the attestation, and waits with mark_completed and any payment', () => {
    const plan = planFollowUp(work(), facts());
    expect(plan.enqueue).toEqual(['attestation_anchor']);
    expect(plan.settlement).toBe('custodial-pending');
    expect(plan.done).toBe(false);
  });

  describe('mark_completed comes only after the attestation is on-chain', () => {
    const anchored = { id: 3n, processed: false, attestedResultHash: null };
    const ours = 'sha256:' + '3'.repeat(64);

    it('waits while the anchor is not attested, even with record_attestation in flight', () => {
      for (const recording of ['absent', 'active'] as const) {
        const plan = planFollowUp(
          work(),
          facts({ confidential: anchored, steps: steps({ record_attestation: recording }) }),
        );
        expect(plan.enqueue).not.toContain('mark_completed');
      }
    });

    it('marks completed once the chain shows our attestation, and marks it processed', () => {
      const plan = planFollowUp(
        work(),
        facts({ confidential: { ...anchored, attestedResultHash: ours } }),
      );
      expect(plan.enqueue).toEqual(['mark_completed', 'mark_job_processed']);
    });

    it('marks completed when our record_attestation is finalized though someone overwrote it', () => {
      const plan = planFollowUp(
        work(),
        facts({
          confidential: { ...anchored, attestedResultHash: 'sha256:forged' },
          steps: steps({ record_attestation: 'finalized' }),
        }),
      );
      expect(plan.enqueue).toEqual(['mark_completed']);
      expect(plan.done).toBe(false);
    });

    it('does not hold the job when the attestation cannot be recorded', () => {
      const noAnchor = planFollowUp(
        work(),
        facts({ steps: steps({ attestation_anchor: 'failed' }) }),
      );
      expect(noAnchor.enqueue).toEqual(['mark_completed']);
      const refused = planFollowUp(
        work(),
        facts({ confidential: anchored, steps: steps({ record_attestation: 'failed' }) }),
      );
      expect(refused.enqueue).toEqual(['mark_completed']);
    });

    it("waits for a private job's own confidential record; it posts no anchor", () => {
      const plan = planFollowUp(work({ privacyRequired: true, confidentialId: 9n }), facts());
      expect(plan.enqueue).toEqual([]);
    });
  });

  it('waits for mark_in_progress before mark_completed', () => {
    const plan = planFollowUp(
      work(),
      facts({ job: { status: 'Assigned' }, steps: steps({ mark_in_progress: 'active' }) }),
    );
    expect(plan.enqueue).not.toContain('mark_completed');
    expect(plan.enqueue).not.toContain('release');
  });

  it('records the attestation on the anchor, then marks it processed, then releases', () => {
    const completed = { job: { status: 'Completed' as const } };
    const unattested = planFollowUp(
      work(),
      facts({ ...completed, confidential: { id: 3n, processed: false, attestedResultHash: null } }),
    );
    expect(unattested.enqueue).toEqual(['record_attestation']);
    const attested = planFollowUp(
      work(),
      facts({
        ...completed,
        confidential: { id: 3n, processed: false, attestedResultHash: 'sha256:' + '3'.repeat(64) },
      }),
    );
    expect(attested.enqueue).toEqual(['mark_job_processed']);
    const processed = planFollowUp(
      work(),
      facts({
        ...completed,
        confidential: { id: 3n, processed: true, attestedResultHash: 'sha256:' + '3'.repeat(64) },
      }),
    );
    expect(processed.enqueue).toEqual(['release']);
    expect(processed.done).toBe(false);
  });

  it('re-records an attestation someone overwrote (spec §7.7.1)', () => {
    const plan = planFollowUp(
      work(),
      facts({
        job: { status: 'Completed' },
        confidential: { id: 3n, processed: true, attestedResultHash: 'sha256:forged' },
      }),
    );
    expect(plan.enqueue).toEqual(['record_attestation']);
  });

  it('is done once the custodial escrow is released', () => {
    const plan = planFollowUp(
      work(),
      facts({
        job: { status: 'Completed' },
        escrow: { owner: OURS, amount: 0n, released: true, refunded: false },
        confidential: { id: 3n, processed: true, attestedResultHash: 'sha256:' + '3'.repeat(64) },
      }),
    );
    expect(plan).toEqual({
      enqueue: [],
      settlement: 'released',
      settlementReason: null,
      done: true,
    });
  });

  it.each(['failed', 'expired', 'cancelled', 'rejected'] as const)(
    'refunds a custodial escrow when the job %s, and marks nothing',
    (state) => {
      const plan = planFollowUp(work({ state, result: null, attestation: null }), facts());
      expect(plan.enqueue).toEqual(['refund']);
    },
  );

  it('never releases or refunds an escrow someone else deposited; flags it after the grace', () => {
    const userEscrow = { owner: USER, amount: 5n, released: false, refunded: false };
    const waiting = planFollowUp(work({ state: 'failed' }), facts({ escrow: userEscrow }));
    expect(waiting.enqueue).toEqual([]);
    expect(waiting.settlement).toBe('awaiting-user');
    const late = planFollowUp(
      work({ state: 'failed' }),
      facts({ escrow: userEscrow, finalizedBlock: 111 }),
    );
    expect(late.settlement).toBe('flagged');
    expect(late.settlementReason).toContain(USER);
    expect(late.done).toBe(false);
    const settledLate = planFollowUp(
      work({ state: 'failed', settlement: 'flagged' }),
      facts({ escrow: { ...userEscrow, refunded: true }, finalizedBlock: 500 }),
    );
    expect(settledLate.settlement).toBe('refunded');
    expect(settledLate.done).toBe(true);
  });

  it('in user-signed mode treats even its own key as a user', () => {
    const plan = planFollowUp(work({ state: 'failed' }), facts({ custody: null }));
    expect(plan.enqueue).toEqual([]);
    expect(plan.settlement).toBe('awaiting-user');
  });

  it('does not give up on an escrow while our deposit is still in flight', () => {
    const plan = planFollowUp(
      work({ state: 'failed' }),
      facts({ escrow: null, finalizedBlock: 500, steps: steps({ deposit: 'active' }) }),
    );
    expect(plan.done).toBe(false);
  });

  it('skips completion when the owner cancelled on-chain', () => {
    const plan = planFollowUp(work(), facts({ job: { status: 'Cancelled' } }));
    expect(plan.enqueue).not.toContain('mark_completed');
    expect(plan.enqueue).not.toContain('release');
  });
});
