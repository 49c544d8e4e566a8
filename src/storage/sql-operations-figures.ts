import type {
  FlaggedEscrow,
  LeaseHolder,
  OperationsFiguresReader,
  PipelineSample,
  PipelineStage,
  SettledTotal,
} from '../observability';
import type { Database } from './database';
import { SqlLeaseRepository } from './sql-lease-repository';
import { fromTimestamp, toBigInt, toInt, toTimestamp } from './sql-values';

/** Engine timeline stages (job_work_events) and the pipeline stage each one reaches. */
const WORK_EVENT_STAGES: Readonly<Record<string, PipelineStage>> = {
  discovered: 'seen',
  admitted: 'admitted',
  running: 'running',
  rejected: 'result',
  succeeded: 'result',
  failed: 'result',
  expired: 'result',
  cancelled: 'result',
  'settlement-released': 'escrow',
  'settlement-refunded': 'escrow',
};

/** Follow-up steps (outbox keys `job:<id>:<step>`) whose finalization reaches a stage. */
const ACTION_STAGES: Readonly<Record<string, PipelineStage>> = {
  record_attestation: 'attestation',
  mark_completed: 'marks',
  mark_job_processed: 'marks',
};

const ACTION_KEY = /^job:(\d+):([a-z_]+)$/;

/** OperationsFiguresReader over the work ledger, the outbox, the events and the projections. */
export class SqlOperationsFigures implements OperationsFiguresReader {
  private readonly leases: SqlLeaseRepository;

  constructor(private readonly database: Database) {
    this.leases = new SqlLeaseRepository(database.db, database.dialect);
  }

  async pipelineSamples(since: Date, limit: number): Promise<PipelineSample[]> {
    const db = this.database.db;
    const jobs = await db
      .selectFrom('job_work')
      .select('queue_job_id')
      .where('updated_at', '>=', toTimestamp(since))
      .orderBy('updated_at', 'desc')
      .limit(limit)
      .execute();
    const ids = jobs.map((j) => j.queue_job_id);
    if (ids.length === 0) {
      return [];
    }
    const keys = ids.flatMap((id) => Object.keys(ACTION_STAGES).map((step) => `job:${id}:${step}`));
    const [events, actions] = await Promise.all([
      db
        .selectFrom('job_work_events')
        .select(['queue_job_id', 'stage', 'at'])
        .where('queue_job_id', 'in', ids)
        .where('stage', 'in', Object.keys(WORK_EVENT_STAGES))
        .execute(),
      db
        .selectFrom('chain_actions')
        .select(['idempotency_key', 'updated_at'])
        .where('idempotency_key', 'in', keys)
        .where('status', '=', 'finalized')
        .execute(),
    ]);
    const samples: PipelineSample[] = [];
    for (const e of events) {
      const stage = WORK_EVENT_STAGES[e.stage];
      if (stage !== undefined) {
        samples.push({
          queueJobId: BigInt(e.queue_job_id),
          stage,
          at: fromTimestamp(e.at, 'job_work_events.at'),
        });
      }
    }
    for (const a of actions) {
      const [, id, step] = ACTION_KEY.exec(a.idempotency_key) ?? [];
      const stage = step === undefined ? undefined : ACTION_STAGES[step];
      if (id !== undefined && stage !== undefined) {
        samples.push({
          queueJobId: BigInt(id),
          stage,
          at: fromTimestamp(a.updated_at, 'chain_actions.updated_at'),
        });
      }
    }
    return samples.sort((x, y) => x.at.getTime() - y.at.getTime());
  }

  async settledTotals(): Promise<{ released: SettledTotal; refunded: SettledTotal }> {
    // One row per settled escrow; amounts are u256 decimal text in the decoded JSON, summed
    // exactly as bigints here (SQLite has no exact decimal SUM).
    const rows = await this.database.db
      .selectFrom('chain_events')
      .select(['event_name', 'decoded'])
      .where('contract', '=', 'paymentEscrow')
      .where('event_name', 'in', ['Released', 'Refunded'])
      .where('is_final', '=', 1)
      .execute();
    const totals = { released: { count: 0, amount: 0n }, refunded: { count: 0, amount: 0n } };
    for (const row of rows) {
      const total = row.event_name === 'Released' ? totals.released : totals.refunded;
      total.count += 1;
      total.amount += amountOf(row.decoded);
    }
    return totals;
  }

  async flaggedEscrows(limit: number): Promise<{ total: number; items: FlaggedEscrow[] }> {
    const db = this.database.db;
    const [count, rows] = await Promise.all([
      db
        .selectFrom('job_work')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('settlement', '=', 'flagged')
        .executeTakeFirst(),
      db
        .selectFrom('job_work')
        .select(['queue_job_id', 'settlement_reason', 'deadline_block', 'updated_at'])
        .where('settlement', '=', 'flagged')
        .orderBy('updated_at', 'desc')
        .limit(limit)
        .execute(),
    ]);
    return {
      total: toInt(count?.n ?? 0, 'count'),
      items: rows.map((r) => ({
        queueJobId: BigInt(r.queue_job_id),
        reason: r.settlement_reason,
        deadlineBlock: toInt(r.deadline_block, 'job_work.deadline_block'),
        updatedAt: fromTimestamp(r.updated_at, 'job_work.updated_at'),
      })),
    };
  }

  async pendingIntents(): Promise<number> {
    const row = await this.database.db
      .selectFrom('mev_intents')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'Pending')
      .executeTakeFirst();
    return toInt(row?.n ?? 0, 'count');
  }

  async leaseHolder(name: string): Promise<LeaseHolder | null> {
    const lease = await this.leases.get(name);
    return lease === null ? null : { holder: lease.holder, expiresAt: new Date(lease.expiresAtMs) };
  }
}

function amountOf(decoded: string): bigint {
  const value = (JSON.parse(decoded) as { amount?: unknown }).amount;
  return typeof value === 'string' && /^\d+$/.test(value) ? toBigInt(value, 'amount') : 0n;
}
