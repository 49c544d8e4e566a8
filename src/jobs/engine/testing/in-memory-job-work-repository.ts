import type {
  JobWork,
  JobWorkEvent,
  JobWorkRepository,
  ListWorkQuery,
  NewJobWork,
  SettlementState,
  WorkTransition,
} from '../job-work';
import { SETTLEMENT_STATES } from '../job-work';
import {
  JOB_WORK_STATES,
  nextWorkState,
  TERMINAL_WORK_STATES,
  type JobWorkState,
} from '../work-state-machine';

/**
 * `JobWorkRepository` in memory, for unit tests; `jobWorkRepositoryContract` checks it against the
 * SQL repository. Queue job ids order as the SQL keys do (decimal text), rows come back as copies.
 * `beforeNextTransition` runs a hook once, just before the next transition is fenced: another
 * instance (or the engine) moving the row meanwhile.
 */
export class InMemoryJobWorkRepository implements JobWorkRepository {
  private readonly rows = new Map<bigint, JobWork>();
  private readonly events: JobWorkEvent[] = [];
  /** Runs once before the next `transition` checks the row's state. */
  beforeNextTransition: (() => Promise<void> | void) | null = null;

  /** Arranges a test: stores `work` as it is (no state machine, no timeline line). */
  seed(work: JobWork): void {
    this.rows.set(work.queueJobId, copy(work));
  }

  insertDiscovered(work: NewJobWork, now: Date, detail: string | null): Promise<JobWork | null> {
    if (this.rows.has(work.queueJobId)) {
      return Promise.resolve(null);
    }
    const row: JobWork = {
      ...work,
      confidentialId: null,
      state: 'discovered',
      attempts: 0,
      nextAttemptAt: now,
      reason: null,
      inputDigest: null,
      result: null,
      attestation: null,
      settlement: 'none',
      settlementReason: null,
      followUpDone: false,
      discoveredAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    this.rows.set(work.queueJobId, copy(row));
    this.events.push({ queueJobId: work.queueJobId, stage: 'discovered', at: now, detail });
    return Promise.resolve(copy(row));
  }

  get(queueJobId: bigint): Promise<JobWork | null> {
    const row = this.rows.get(queueJobId);
    return Promise.resolve(row === undefined ? null : copy(row));
  }

  claimDue(states: readonly JobWorkState[], leaseMs: number, now: Date): Promise<JobWork | null> {
    const due = [...this.rows.values()]
      .filter((w) => states.includes(w.state) && w.nextAttemptAt.getTime() <= now.getTime())
      .sort(
        (a, b) =>
          a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() ||
          byKey(a.queueJobId, b.queueJobId),
      );
    const [first] = due;
    if (first === undefined) {
      return Promise.resolve(null);
    }
    const claimed = { ...first, nextAttemptAt: new Date(now.getTime() + leaseMs), updatedAt: now };
    this.rows.set(first.queueJobId, claimed);
    return Promise.resolve(copy(claimed));
  }

  async transition(change: WorkTransition, now: Date): Promise<JobWork | null> {
    const state = nextWorkState(change.from, change.move);
    for (const line of change.lines) {
      if (typeof line.stage !== 'string') {
        throw new TypeError('a timeline line needs a stage');
      }
    }
    const hook = this.beforeNextTransition;
    this.beforeNextTransition = null;
    await hook?.();
    const row = this.rows.get(change.queueJobId);
    if (row === undefined || row.state !== change.from) {
      return null;
    }
    const moved: JobWork = { ...row, ...definedFields(change.patch), state, updatedAt: now };
    this.rows.set(row.queueJobId, copy(moved));
    for (const line of change.lines) {
      this.events.push({
        queueJobId: row.queueJobId,
        stage: line.stage,
        at: now,
        detail: line.detail,
      });
    }
    return copy(moved);
  }

  async listFollowUps(after: bigint | null, limit: number): Promise<JobWork[]> {
    await Promise.resolve();
    checkLimit(limit);
    const rows = [...this.rows.values()]
      .filter((w) => !w.followUpDone && TERMINAL_WORK_STATES.includes(w.state))
      .filter((w) => after === null || byKey(w.queueJobId, after) > 0)
      .sort((a, b) => byKey(a.queueJobId, b.queueJobId));
    return rows.slice(0, limit).map(copy);
  }

  async list(query: ListWorkQuery): Promise<JobWork[]> {
    await Promise.resolve();
    checkLimit(query.limit);
    const states = query.states ?? [];
    const rows = [...this.rows.values()]
      .filter((w) => states.length === 0 || states.includes(w.state))
      .sort(
        (a, b) =>
          b.discoveredAt.getTime() - a.discoveredAt.getTime() || byKey(b.queueJobId, a.queueJobId),
      );
    return rows.slice(0, query.limit).map(copy);
  }

  countByState(): Promise<Record<JobWorkState, number>> {
    return Promise.resolve(
      count(
        JOB_WORK_STATES,
        [...this.rows.values()].map((w) => w.state),
      ),
    );
  }

  listEvents(queueJobId: bigint): Promise<JobWorkEvent[]> {
    const events = this.events
      .filter((e) => e.queueJobId === queueJobId)
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    return Promise.resolve(events.map((e) => ({ ...e, at: new Date(e.at) })));
  }

  countBySettlement(): Promise<Record<SettlementState, number>> {
    const settlements = [...this.rows.values()].map((w) => w.settlement);
    return Promise.resolve(count(SETTLEMENT_STATES, settlements));
  }

  executionPercentiles(
    percentiles: readonly number[],
  ): Promise<{ readonly count: number; readonly valuesMs: readonly (number | null)[] }> {
    const durations = [...this.rows.values()]
      .filter((w) => w.state === 'succeeded' && w.result !== null)
      .map((w) => w.result?.durationMs)
      .filter((ms): ms is number => typeof ms === 'number')
      .sort((a, b) => a - b);
    const n = durations.length;
    const valuesMs = percentiles.map((p) =>
      n === 0 ? null : (durations[Math.min(n, Math.max(1, Math.ceil(p * n))) - 1] ?? null),
    );
    return Promise.resolve({ count: n, valuesMs });
  }
}

/** The SQL keys are decimal text: '10' sorts before '9'. */
function byKey(a: bigint, b: bigint): number {
  const [x, y] = [a.toString(), b.toString()];
  return x < y ? -1 : x > y ? 1 : 0;
}

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) {
    throw new RangeError('limit must be an integer from 1 to 1000');
  }
}

function count<K extends string>(keys: readonly K[], values: readonly K[]): Record<K, number> {
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const value of values) {
    counts[value] += 1;
  }
  return counts;
}

function definedFields<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function copy(work: JobWork): JobWork {
  return structuredClone(work);
}
