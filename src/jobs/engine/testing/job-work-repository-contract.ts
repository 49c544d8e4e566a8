// Over 300 lines: one behaviour suite (every JobWorkRepository method) that must stay whole, so the
// fake and both SQL dialects are held to the same cases.
import type { JobWork, JobWorkRepository, NewJobWork, WorkResult } from '../job-work';
import { IllegalWorkTransitionError, type WorkMove } from '../work-state-machine';

const T0 = Date.parse('2025-01-01T00:00:00.000Z');
const at = (ms: number): Date => new Date(T0 + ms);
const LEASE_MS = 30_000;

export function newJobWork(queueJobId: bigint, overrides: Partial<NewJobWork> = {}): NewJobWork {
  return {
    queueJobId,
    provider: '0x00000000000000000000000000000000000000aa',
    owner: '0x00000000000000000000000000000000000000bb',
    modelRef: 'ocr:pp-ocrv4',
    dataRef: 'cas:sha256:' + '0'.repeat(64),
    budget: 2n ** 100n,
    deadlineBlock: 1_000,
    privacyRequired: true,
    ...overrides,
  };
}

export function workResult(durationMs: number, executorVersion = 'ocr@1'): WorkResult {
  return {
    inputDigest: `sha256:${'01'.repeat(32)}`,
    modelDigest: `sha256:${'02'.repeat(32)}`,
    outputDigest: `sha256:${'03'.repeat(32)}`,
    outputMediaType: 'application/json',
    executorVersion,
    summary: { words: 3, confident: true, note: null },
    artifacts: { model: `sha256:${'04'.repeat(32)}` },
    durationMs,
  };
}

/** Applies `moves` in order (no patch, no lines) to a stored job; fails the test if one is fenced out. */
export async function walkWork(
  repo: JobWorkRepository,
  queueJobId: bigint,
  moves: readonly WorkMove[],
  now: Date,
): Promise<JobWork> {
  let work = await repo.get(queueJobId);
  for (const move of moves) {
    if (work === null) {
      throw new Error(`job ${queueJobId} is not stored`);
    }
    work = await repo.transition({ queueJobId, from: work.state, move, patch: {}, lines: [] }, now);
  }
  if (work === null) {
    throw new Error(`a move of job ${queueJobId} was fenced out`);
  }
  return work;
}

/**
 * Behaviour every `JobWorkRepository` shares (the in-memory fake and the SQL repository on SQLite
 * and PostgreSQL). `make` returns an empty ledger.
 */
export function jobWorkRepositoryContract(
  name: string,
  make: () => Promise<JobWorkRepository>,
): void {
  describe(`JobWorkRepository contract: ${name}`, () => {
    let repo: JobWorkRepository;

    beforeEach(async () => {
      repo = await make();
    });

    it('inserts a discovered job once, with its first timeline line, and reads it back', async () => {
      const stored = await repo.insertDiscovered(newJobWork(7n), at(0), 'assigned to 0xaa');
      expect(await repo.insertDiscovered(newJobWork(7n), at(5), 'again')).toBeNull();
      const expected = {
        ...newJobWork(7n),
        confidentialId: null,
        state: 'discovered',
        attempts: 0,
        nextAttemptAt: at(0),
        reason: null,
        inputDigest: null,
        result: null,
        attestation: null,
        settlement: 'none',
        settlementReason: null,
        followUpDone: false,
        discoveredAt: at(0),
        updatedAt: at(0),
        finishedAt: null,
      };
      expect(stored).toEqual(expected);
      expect(await repo.get(7n)).toEqual(expected);
      expect(await repo.get(8n)).toBeNull();
      expect(await repo.listEvents(7n)).toEqual([
        { queueJobId: 7n, stage: 'discovered', at: at(0), detail: 'assigned to 0xaa' },
      ]);
    });

    it('claims the oldest due row of the asked states and hides it for the lease', async () => {
      await repo.insertDiscovered(newJobWork(2n), at(0), null);
      await repo.insertDiscovered(newJobWork(1n), at(10), null);
      await repo.insertDiscovered(newJobWork(3n), at(10), null);
      await walkWork(repo, 3n, ['admit'], at(10));

      expect(await repo.claimDue(['queued'], LEASE_MS, at(20))).toBeNull();
      const first = await repo.claimDue(['discovered'], LEASE_MS, at(20));
      expect(first).toMatchObject({ queueJobId: 2n, state: 'discovered', attempts: 0 });
      expect(first?.nextAttemptAt).toEqual(at(20 + LEASE_MS));
      expect((await repo.get(2n))?.nextAttemptAt).toEqual(at(20 + LEASE_MS));
      expect((await repo.claimDue(['discovered'], LEASE_MS, at(20)))?.queueJobId).toBe(1n);
      expect(await repo.claimDue(['discovered'], LEASE_MS, at(20))).toBeNull();
      expect((await repo.claimDue(['admitted'], LEASE_MS, at(20)))?.queueJobId).toBe(3n);

      // Both leases end together: the tie goes by key.
      const again = [
        await repo.claimDue(['discovered'], LEASE_MS, at(20 + LEASE_MS)),
        await repo.claimDue(['discovered'], LEASE_MS, at(20 + LEASE_MS)),
      ];
      expect(again.map((w) => w?.queueJobId)).toEqual([1n, 2n]);
    });

    it('leaves a row alone until its next attempt is due', async () => {
      await repo.insertDiscovered(newJobWork(1n), at(0), null);
      await repo.transition(
        {
          queueJobId: 1n,
          from: 'discovered',
          move: 'defer',
          patch: { reason: 'waiting', nextAttemptAt: at(5_000) },
          lines: [],
        },
        at(1),
      );
      expect(await repo.claimDue(['discovered'], LEASE_MS, at(4_999))).toBeNull();
      expect(await repo.claimDue(['discovered'], LEASE_MS, at(5_000))).toMatchObject({
        queueJobId: 1n,
        reason: 'waiting',
      });
    });

    it('moves a row only from the state the caller saw, with its lines', async () => {
      await repo.insertDiscovered(newJobWork(2n), at(0), null);
      const admitted = await repo.transition(
        {
          queueJobId: 2n,
          from: 'discovered',
          move: 'admit',
          patch: { inputDigest: 'sha256:' + 'ab'.repeat(32) },
          lines: [{ stage: 'admitted', detail: 'ocr:pp-ocrv4' }],
        },
        at(100),
      );
      expect(admitted).toMatchObject({ state: 'admitted', updatedAt: at(100) });
      const stale = await repo.transition(
        {
          queueJobId: 2n,
          from: 'discovered',
          move: 'reject',
          patch: { reason: 'too late' },
          lines: [{ stage: 'rejected', detail: 'too late' }],
        },
        at(200),
      );
      expect(stale).toBeNull();
      expect(await repo.get(2n)).toMatchObject({ state: 'admitted', reason: null });
      expect((await repo.listEvents(2n)).map((e) => e.stage)).toEqual(['discovered', 'admitted']);
      const missing = { queueJobId: 9n, from: 'discovered', move: 'admit' } as const;
      expect(await repo.transition({ ...missing, patch: {}, lines: [] }, at(1))).toBeNull();
    });

    it('refuses a move the state machine does not allow, writing nothing', async () => {
      await repo.insertDiscovered(newJobWork(3n), at(0), null);
      const illegal = repo.transition(
        {
          queueJobId: 3n,
          from: 'discovered',
          move: 'start',
          patch: { attempts: 1 },
          lines: [{ stage: 'running', detail: null }],
        },
        at(1),
      );
      await expect(illegal).rejects.toBeInstanceOf(IllegalWorkTransitionError);
      expect(await repo.get(3n)).toMatchObject({ state: 'discovered', attempts: 0 });
      expect(await repo.listEvents(3n)).toHaveLength(1);
    });

    it('writes nothing of a move whose timeline line cannot be written', async () => {
      await repo.insertDiscovered(newJobWork(4n), at(0), null);
      const broken = { stage: null as unknown as string, detail: 'no stage' };
      const move = repo.transition(
        {
          queueJobId: 4n,
          from: 'discovered',
          move: 'reject',
          patch: { reason: 'bad' },
          lines: [{ stage: 'rejected', detail: 'bad' }, broken],
        },
        at(1),
      );
      // the database's own error (NOT NULL), whatever its class: what matters is that it fails
      const failure = await move.then(
        () => null,
        (err: unknown) => err ?? 'rejected',
      );
      expect(failure).not.toBeNull();
      expect(await repo.get(4n)).toMatchObject({ state: 'discovered', reason: null });
      expect((await repo.listEvents(4n)).map((e) => e.stage)).toEqual(['discovered']);
    });

    it("keeps a move's lines in the order given, after the earlier ones", async () => {
      await repo.insertDiscovered(newJobWork(5n), at(0), null);
      const running = await walkWork(repo, 5n, ['admit', 'queue', 'start'], at(10));
      const lines = ['queued', 'retry-scheduled', 'a', 'b', 'c'].map((stage) => ({
        stage,
        detail: `${stage} detail`,
      }));
      await repo.transition(
        { queueJobId: 5n, from: running.state, move: 'retry', patch: {}, lines },
        at(20),
      );
      const events = await repo.listEvents(5n);
      expect(events.map((e) => [e.stage, e.at.getTime() - T0])).toEqual([
        ['discovered', 0],
        ['queued', 20],
        ['retry-scheduled', 20],
        ['a', 20],
        ['b', 20],
        ['c', 20],
      ]);
      expect(events[2]).toEqual({
        queueJobId: 5n,
        stage: 'retry-scheduled',
        at: at(20),
        detail: 'retry-scheduled detail',
      });
    });

    it('writes every field of a patch and reads it back', async () => {
      await repo.insertDiscovered(newJobWork(6n), at(0), null);
      const running = await walkWork(repo, 6n, ['admit', 'queue', 'start'], at(1));
      const big = 2n ** 70n;
      const patch = {
        attempts: 3,
        nextAttemptAt: at(9_000),
        reason: null,
        inputDigest: 'sha256:' + 'cd'.repeat(32),
        result: workResult(1_234),
        attestation: '{"signed":true}',
        settlement: 'custodial-pending',
        settlementReason: 'waiting',
        followUpDone: false,
        finishedAt: at(2_000),
        confidentialId: big,
        modelRef: 'onnx:sha256:' + 'ef'.repeat(32),
        dataRef: 'cas:sha256:' + '12'.repeat(32),
      } as const;
      const moved = await repo.transition(
        { queueJobId: 6n, from: running.state, move: 'succeed', patch, lines: [] },
        at(2_000),
      );
      const expected = { ...running, ...patch, state: 'succeeded', updatedAt: at(2_000) };
      expect(moved).toEqual(expected);
      expect(await repo.get(6n)).toEqual(expected);
      const cleared = await repo.transition(
        {
          queueJobId: 6n,
          from: 'succeeded',
          move: 'follow-up',
          patch: { confidentialId: null, result: null, finishedAt: null, followUpDone: true },
          lines: [],
        },
        at(3_000),
      );
      expect(cleared).toMatchObject({
        state: 'succeeded',
        confidentialId: null,
        result: null,
        finishedAt: null,
        followUpDone: true,
        attestation: '{"signed":true}',
      });
    });

    it('pages through unfinished follow-ups of finished jobs only, by key', async () => {
      for (const id of [1n, 2n, 3n, 4n, 10n]) {
        await repo.insertDiscovered(newJobWork(id), at(0), null);
      }
      await walkWork(repo, 1n, ['admit', 'queue', 'start', 'fail'], at(1));
      await walkWork(repo, 2n, ['admit', 'queue', 'start', 'succeed'], at(1));
      await walkWork(repo, 4n, ['reject', 'follow-up'], at(1));
      await walkWork(repo, 10n, ['cancel'], at(1));
      await repo.transition(
        {
          queueJobId: 4n,
          from: 'rejected',
          move: 'follow-up',
          patch: { followUpDone: true },
          lines: [],
        },
        at(2),
      );
      const first = await repo.listFollowUps(null, 2);
      const second = await repo.listFollowUps(first.at(-1)!.queueJobId, 2);
      expect(first.map((w) => w.queueJobId)).toEqual([1n, 10n]);
      expect(second.map((w) => w.queueJobId)).toEqual([2n]);
      expect(await repo.listFollowUps(2n, 2)).toEqual([]);
    });

    it('lists newest first, filtered by state, and counts by state and settlement', async () => {
      await repo.insertDiscovered(newJobWork(1n), at(0), null);
      await repo.insertDiscovered(newJobWork(2n), at(10), null);
      await repo.insertDiscovered(newJobWork(3n), at(10), null);
      await walkWork(repo, 3n, ['reject'], at(20));
      await repo.transition(
        {
          queueJobId: 3n,
          from: 'rejected',
          move: 'follow-up',
          patch: { settlement: 'flagged' },
          lines: [],
        },
        at(30),
      );
      const ids = (rows: JobWork[]) => rows.map((w) => w.queueJobId);
      expect(ids(await repo.list({ limit: 10 }))).toEqual([3n, 2n, 1n]);
      expect(ids(await repo.list({ limit: 2 }))).toEqual([3n, 2n]);
      expect(ids(await repo.list({ states: ['discovered'], limit: 10 }))).toEqual([2n, 1n]);
      expect(ids(await repo.list({ states: [], limit: 10 }))).toEqual([3n, 2n, 1n]);
      await expect(repo.list({ limit: 0 })).rejects.toThrow();
      expect(await repo.countByState()).toEqual({
        discovered: 2,
        admitted: 0,
        rejected: 1,
        queued: 0,
        running: 0,
        succeeded: 0,
        failed: 0,
        expired: 0,
        cancelled: 0,
      });
      expect(await repo.countBySettlement()).toEqual({
        none: 2,
        'custodial-pending': 0,
        'awaiting-user': 0,
        released: 0,
        refunded: 0,
        flagged: 1,
      });
    });

    it('answers nearest-rank percentiles of the succeeded executor durations', async () => {
      expect(await repo.executionPercentiles([0.5])).toEqual({ count: 0, valuesMs: [null] });
      const durations = [400, 100, 300, 200];
      for (const [i, ms] of durations.entries()) {
        const id = BigInt(i + 1);
        await repo.insertDiscovered(newJobWork(id), at(0), null);
        const running = await walkWork(repo, id, ['admit', 'queue', 'start'], at(1));
        await repo.transition(
          {
            queueJobId: id,
            from: running.state,
            move: 'succeed',
            patch: { result: workResult(ms) },
            lines: [],
          },
          at(2),
        );
      }
      await repo.insertDiscovered(newJobWork(9n), at(0), null);
      await walkWork(repo, 9n, ['admit', 'queue', 'start', 'fail'], at(1));
      expect(await repo.executionPercentiles([0, 0.25, 0.5, 0.75, 1])).toEqual({
        count: 4,
        valuesMs: [100, 100, 200, 300, 400],
      });
    });
  });
}
