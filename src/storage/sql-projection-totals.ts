import { sql } from 'kysely';
import { JOB_STATUSES, type JobStatus } from '../contracts';
import {
  ESCROW_STATES,
  type EscrowState,
  type ProjectionTotals,
  type ProjectionTotalsReader,
} from '../observability';
import type { Database } from './database';
import { toInt } from './sql-values';

type Count = number | string | bigint;

/** Decimal digits per chunk when SQLite sums u128 decimal text exactly (chunk sums stay exact JS numbers). */
const CHUNK_DIGITS = 9;
const CHUNKS = 5;

/** ProjectionTotals from the projection tables: a handful of GROUP BY queries, no row listing. */
export class SqlProjectionTotals implements ProjectionTotalsReader {
  constructor(private readonly database: Database) {}

  async read(): Promise<ProjectionTotals> {
    const db = this.database.db;
    const [jobs, escrows, confidential, batches, intents] = await Promise.all([
      db
        .selectFrom('queue_jobs')
        .select(['status', (eb) => eb.fn.countAll().as('n')])
        .groupBy('status')
        .execute(),
      this.escrowsByState(),
      sql<{ total: Count; processed: Count | null; attested: Count | null }>`
        select count(*) as total, sum(processed) as processed,
          sum(case when attestation_count > 0 then 1 else 0 end) as attested
        from confidential_jobs`.execute(db),
      sql<{ total: Count; executed: Count | null }>`
        select count(*) as total, sum(case when execution_count > 0 then 1 else 0 end) as executed
        from mev_batches`.execute(db),
      db
        .selectFrom('mev_intents')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst(),
    ]);
    const jobsByStatus = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<
      JobStatus,
      number
    >;
    for (const row of jobs) {
      if ((JOB_STATUSES as readonly string[]).includes(row.status)) {
        jobsByStatus[row.status as JobStatus] = toInt(row.n, 'count');
      }
    }
    const c = confidential.rows[0];
    const b = batches.rows[0];
    return {
      jobsByStatus,
      escrows,
      confidentialJobs: {
        total: toInt(c?.total ?? 0, 'count'),
        processed: toInt(c?.processed ?? 0, 'count'),
        attested: toInt(c?.attested ?? 0, 'count'),
      },
      mevBatches: {
        total: toInt(b?.total ?? 0, 'count'),
        executed: toInt(b?.executed ?? 0, 'count'),
        intents: toInt(intents?.n ?? 0, 'count'),
      },
    };
  }

  private async escrowsByState(): Promise<ProjectionTotals['escrows']> {
    const state = sql<string>`(case when released = 1 then 'released' when refunded = 1 then 'refunded' else 'held' end)`;
    const out = Object.fromEntries(
      ESCROW_STATES.map((s) => [s, { count: 0, amount: 0n }]),
    ) as Record<EscrowState, { count: number; amount: bigint }>;
    if (this.database.dialect === 'postgres') {
      const { rows } = await sql<{ state: EscrowState; n: Count; amount: string | null }>`
        select ${state} as state, count(*) as n, cast(sum(cast(amount as numeric)) as text) as amount
        from escrows group by 1`.execute(this.database.db);
      for (const row of rows) {
        out[row.state] = { count: toInt(row.n, 'count'), amount: BigInt(row.amount ?? '0') };
      }
      return out;
    }
    // SQLite has no exact decimal SUM: sum 9-digit chunks of the decimal text as integers.
    const chunks = Array.from(
      { length: CHUNKS },
      (_, i) =>
        sql`sum(cast(substr(amount, ${sql.lit(-CHUNK_DIGITS * (i + 1))}, ${sql.lit(CHUNK_DIGITS)}) as integer)) as ${sql.ref(`c${i}`)}`,
    );
    const { rows } = await sql<Record<string, Count | null> & { state: EscrowState; n: Count }>`
      select ${state} as state, count(*) as n, ${sql.join(chunks)}
      from escrows group by 1`.execute(this.database.db);
    for (const row of rows) {
      let amount = 0n;
      for (let i = CHUNKS - 1; i >= 0; i--) {
        amount = amount * 10n ** BigInt(CHUNK_DIGITS) + BigInt(row[`c${i}`] ?? 0);
      }
      out[row.state] = { count: toInt(row.n, 'count'), amount };
    }
    return out;
  }
}
