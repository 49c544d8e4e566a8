import { sql, type Kysely } from 'kysely';
import { WORK_SPANS, type BucketCounts, type WorkSpan } from '../observability';
import type { DialectName } from './database';
import type { DatabaseSchema } from './schema';
import { bucketIndex, elapsedMs, toBucketCounts, type BucketRow } from './sql-histogram';

/** WorkTimingsReader.stageLatencies on `job_work` / `job_work_events`: one aggregate query. */
export async function readStageLatencies(
  db: Kysely<DatabaseSchema>,
  dialect: DialectName,
  boundsMs: readonly number[],
): Promise<Record<WorkSpan, BucketCounts>> {
  const ms = (from: string, to: string) => elapsedMs(dialect, sql.raw(from), sql.raw(to));
  const { rows } = await sql<BucketRow & { span: string }>`
    with firsts as (
      select queue_job_id,
        min(case when stage = 'admitted' then at end) as admitted_at,
        min(case when stage = 'running' then at end) as running_at
      from job_work_events where stage in ('admitted', 'running') group by queue_job_id
    ), spans as (
      select 'discovered_admitted' as span, ${ms('w.discovered_at', 'f.admitted_at')} as ms
        from job_work w join firsts f on f.queue_job_id = w.queue_job_id
        where f.admitted_at is not null
      union all
      select 'admitted_running', ${ms('f.admitted_at', 'f.running_at')}
        from firsts f where f.admitted_at is not null and f.running_at is not null
      union all
      select 'running_finished', ${ms('f.running_at', 'w.finished_at')}
        from job_work w join firsts f on f.queue_job_id = w.queue_job_id
        where f.running_at is not null and w.finished_at is not null
      union all
      select 'discovered_finished', ${ms('w.discovered_at', 'w.finished_at')}
        from job_work w where w.finished_at is not null
    )
    select span, ${bucketIndex(sql.raw('ms'), boundsMs)} as bucket, count(*) as n, sum(ms) as total
    from spans group by span, bucket`.execute(db);
  return Object.fromEntries(
    WORK_SPANS.map((span) => [
      span,
      toBucketCounts(
        rows.filter((r) => r.span === span),
        boundsMs,
      ),
    ]),
  ) as Record<WorkSpan, BucketCounts>;
}

/** WorkTimingsReader.executorDurations on `job_work`: one aggregate query. */
export async function readExecutorDurations(
  db: Kysely<DatabaseSchema>,
  dialect: DialectName,
  boundsMs: readonly number[],
): Promise<{ readonly executor: string; readonly buckets: BucketCounts }[]> {
  const { rows } = await sql<BucketRow & { executor: string }>`
    with runs as (
      select ${resultField(dialect, 'executorVersion', 'text')} as executor,
        ${resultField(dialect, 'durationMs', 'number')} as ms
      from job_work where state = 'succeeded' and result is not null
    )
    select executor, ${bucketIndex(sql.raw('ms'), boundsMs)} as bucket, count(*) as n,
      sum(ms) as total
    from runs where ms is not null group by executor, bucket`.execute(db);
  const executors = [...new Set(rows.map((r) => r.executor))].sort();
  return executors.map((executor) => ({
    executor,
    buckets: toBucketCounts(
      rows.filter((r) => r.executor === executor),
      boundsMs,
    ),
  }));
}

/** A field of the `result` JSON text column. */
export function resultField(
  dialect: DialectName,
  field: 'durationMs' | 'executorVersion',
  as: 'number' | 'text',
) {
  if (dialect === 'postgres') {
    const text = sql`(cast(result as json) ->> ${sql.lit(field)})`;
    return as === 'number' ? sql`cast(${text} as double precision)` : text;
  }
  return sql`json_extract(result, ${sql.lit(`$.${field}`)})`;
}
