import { sql, type Kysely } from 'kysely';
import {
  nextWorkState,
  TERMINAL_WORK_STATES,
  type JobWork,
  type JobWorkEvent,
  type JobWorkRepository,
  type JobWorkState,
  type ListWorkQuery,
  type NewJobWork,
  type SettlementState,
  type TimelineLine,
  type WorkTransition,
  JOB_WORK_STATES,
  SETTLEMENT_STATES,
} from '../jobs/engine';
import type { BucketCounts, WorkSpan, WorkTimingsReader } from '../observability';
import type { DialectName } from './database';
import type { DatabaseSchema } from './schema';
import { workPatchColumns } from './sql-job-work-patch';
import { toEvent, toJobWork, toSettlement, toState } from './sql-job-work-rows';
import { checkLimit, toDecimal, toFlag, toInt, toTimestamp } from './sql-values';
import { readExecutorDurations, readStageLatencies, resultField } from './sql-work-timings';
import type { StorageContext } from './storage-context';

/** JobWorkRepository on `job_work` / `job_work_events`; see the port for the guarantees. */
export class SqlJobWorkRepository implements JobWorkRepository, WorkTimingsReader {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly dialect: DialectName,
    private readonly context: StorageContext,
  ) {}

  async insertDiscovered(
    work: NewJobWork,
    now: Date,
    detail: string | null,
  ): Promise<JobWork | null> {
    const at = toTimestamp(now);
    return this.inOneTransaction(async (db) => {
      const inserted = await db
        .insertInto('job_work')
        .values({
          queue_job_id: toDecimal(work.queueJobId, 'queueJobId'),
          provider: work.provider,
          owner: work.owner,
          model_ref: work.modelRef,
          data_ref: work.dataRef,
          budget: toDecimal(work.budget, 'budget'),
          deadline_block: BigInt(work.deadlineBlock),
          privacy_required: toFlag(work.privacyRequired),
          confidential_id: null,
          state: 'discovered',
          attempts: 0,
          next_attempt_at: at,
          reason: null,
          input_digest: null,
          result: null,
          attestation: null,
          settlement: 'none',
          settlement_reason: null,
          follow_up_done: 0,
          discovered_at: at,
          updated_at: at,
          finished_at: null,
        })
        .onConflict((oc) => oc.column('queue_job_id').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted === undefined) {
        return null;
      }
      await this.appendLines(db, work.queueJobId, [{ stage: 'discovered', detail }], now);
      return toJobWork(inserted);
    });
  }

  async get(queueJobId: bigint): Promise<JobWork | null> {
    const row = await this.db
      .selectFrom('job_work')
      .selectAll()
      .where('queue_job_id', '=', toDecimal(queueJobId, 'queueJobId'))
      .executeTakeFirst();
    return row === undefined ? null : toJobWork(row);
  }

  async claimDue(
    states: readonly JobWorkState[],
    leaseMs: number,
    now: Date,
  ): Promise<JobWork | null> {
    const nowText = toTimestamp(now);
    const due = this.db
      .selectFrom('job_work')
      .select('queue_job_id')
      .where('state', 'in', states)
      .where('next_attempt_at', '<=', nowText)
      .orderBy('next_attempt_at')
      .orderBy('queue_job_id')
      .limit(1);
    // PostgreSQL: a row locked by another claimer is skipped, not waited for. SQLite: this single
    // UPDATE holds the only write lock. (Same shape as the chain action claim.)
    const pick = this.dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
    const row = await this.db
      .updateTable('job_work')
      .set({
        next_attempt_at: toTimestamp(new Date(now.getTime() + leaseMs)),
        updated_at: nowText,
      })
      .where('queue_job_id', '=', pick)
      .where('state', 'in', states)
      .where('next_attempt_at', '<=', nowText)
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? null : toJobWork(row);
  }

  async transition(change: WorkTransition, now: Date): Promise<JobWork | null> {
    const state = nextWorkState(change.from, change.move);
    const set = { ...workPatchColumns(change.patch), state, updated_at: toTimestamp(now) };
    return this.inOneTransaction(async (db) => {
      const row = await db
        .updateTable('job_work')
        .set(set)
        .where('queue_job_id', '=', toDecimal(change.queueJobId, 'queueJobId'))
        .where('state', '=', change.from)
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) {
        return null;
      }
      await this.appendLines(db, change.queueJobId, change.lines, now);
      return toJobWork(row);
    });
  }

  /** `work` in a transaction of its own, or in the caller's when this repository is bound to one. */
  private inOneTransaction<T>(work: (db: Kysely<DatabaseSchema>) => Promise<T>): Promise<T> {
    return this.db.isTransaction ? work(this.db) : this.db.transaction().execute(work);
  }

  /**
   * Timeline lines of one move: one id per move, suffixed by position, so lines written at the
   * same instant list in the order given (the timeline orders by time, then id).
   */
  private async appendLines(
    db: Kysely<DatabaseSchema>,
    queueJobId: bigint,
    lines: readonly TimelineLine[],
    now: Date,
  ): Promise<void> {
    if (lines.length === 0) {
      return;
    }
    const id = this.context.newId();
    await db
      .insertInto('job_work_events')
      .values(
        lines.map((line, index) => ({
          id: `${id}:${index.toString().padStart(2, '0')}`,
          queue_job_id: toDecimal(queueJobId, 'queueJobId'),
          stage: line.stage,
          at: toTimestamp(now),
          detail: line.detail,
        })),
      )
      .execute();
  }

  async listFollowUps(after: bigint | null, limit: number): Promise<JobWork[]> {
    let select = this.db
      .selectFrom('job_work')
      .selectAll()
      .where('follow_up_done', '=', 0)
      .where('state', 'in', TERMINAL_WORK_STATES);
    if (after !== null) {
      // Text order of the decimal ids: not numeric, but stable, which is all a keyset needs.
      select = select.where('queue_job_id', '>', toDecimal(after, 'after'));
    }
    const rows = await select.orderBy('queue_job_id').limit(checkLimit(limit)).execute();
    return rows.map(toJobWork);
  }

  async list(query: ListWorkQuery): Promise<JobWork[]> {
    let select = this.db.selectFrom('job_work').selectAll();
    if (query.states !== undefined && query.states.length > 0) {
      select = select.where('state', 'in', query.states);
    }
    const rows = await select
      .orderBy('discovered_at', 'desc')
      .orderBy('queue_job_id', 'desc')
      .limit(checkLimit(query.limit))
      .execute();
    return rows.map(toJobWork);
  }

  async countByState(): Promise<Record<JobWorkState, number>> {
    const rows = await this.db
      .selectFrom('job_work')
      .select(['state', (eb) => eb.fn.countAll().as('n')])
      .groupBy('state')
      .execute();
    const counts = Object.fromEntries(JOB_WORK_STATES.map((s) => [s, 0])) as Record<
      JobWorkState,
      number
    >;
    for (const row of rows) {
      counts[toState(row.state)] = toInt(row.n, 'count');
    }
    return counts;
  }

  async countBySettlement(): Promise<Record<SettlementState, number>> {
    const rows = await this.db
      .selectFrom('job_work')
      .select(['settlement', (eb) => eb.fn.countAll().as('n')])
      .groupBy('settlement')
      .execute();
    const counts = Object.fromEntries(SETTLEMENT_STATES.map((s) => [s, 0])) as Record<
      SettlementState,
      number
    >;
    for (const row of rows) {
      counts[toSettlement(row.settlement)] = toInt(row.n, 'count');
    }
    return counts;
  }

  stageLatencies(boundsMs: readonly number[]): Promise<Record<WorkSpan, BucketCounts>> {
    return readStageLatencies(this.db, this.dialect, boundsMs);
  }

  executorDurations(
    boundsMs: readonly number[],
  ): Promise<{ readonly executor: string; readonly buckets: BucketCounts }[]> {
    return readExecutorDurations(this.db, this.dialect, boundsMs);
  }

  async executionPercentiles(
    percentiles: readonly number[],
  ): Promise<{ readonly count: number; readonly valuesMs: readonly (number | null)[] }> {
    const durations = sql`(select ${resultField(this.dialect, 'durationMs', 'number')} as ms from job_work
      where state = 'succeeded' and result is not null)`;
    const counted = await sql<{ n: number | string }>`
      select count(*) as n from ${durations} as runs where ms is not null`.execute(this.db);
    const count = toInt(counted.rows[0]?.n ?? 0, 'count');
    const valuesMs = await Promise.all(
      percentiles.map(async (p) => {
        if (count === 0) {
          return null;
        }
        const rank = Math.min(count, Math.max(1, Math.ceil(p * count)));
        const picked = await sql<{ ms: number | string }>`
          select ms from ${durations} as runs where ms is not null
          order by ms limit 1 offset ${sql.lit(rank - 1)}`.execute(this.db);
        const value = picked.rows[0]?.ms;
        return value === undefined ? null : Number(value);
      }),
    );
    return { count, valuesMs };
  }

  async listEvents(queueJobId: bigint): Promise<JobWorkEvent[]> {
    const rows = await this.db
      .selectFrom('job_work_events')
      .selectAll()
      .where('queue_job_id', '=', toDecimal(queueJobId, 'queueJobId'))
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map(toEvent);
  }
}
