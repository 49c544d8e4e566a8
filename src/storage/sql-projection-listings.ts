import { sql, type Kysely } from 'kysely';
import type {
  ListIntentsQuery,
  ListJobsQuery,
  ListProvidersQuery,
  ProjectionPage,
  ProjectedIntent,
  ProjectedJob,
  ProjectedProvider,
} from '../projections';
import type { DatabaseSchema } from './schema';
import { intentFromRow } from './sql-phala-mev-rows';
import { jobFromRow, providerFromRow } from './sql-projection-rows';
import { checkLimit, toDecimal, toFlag, toHex } from './sql-values';
import { InvalidStorageValueError } from '../shared';

/*
 * Paged listings of the projection tables. Decimal ids sort by (length(id), id), i.e. as numbers;
 * cursors are base64url of the last item's key.
 */

export async function listJobs(
  db: Kysely<DatabaseSchema>,
  query: ListJobsQuery,
): Promise<ProjectionPage<ProjectedJob>> {
  const limit = checkLimit(query.limit);
  let q = db.selectFrom('queue_jobs').selectAll();
  if (query.status !== undefined) {
    q = q.where('status', '=', query.status);
  }
  if (query.owner !== undefined) {
    q = q.where('owner', '=', toHex(query.owner, 'owner'));
  }
  if (query.provider !== undefined) {
    q = q.where('assigned_provider', '=', toHex(query.provider, 'provider'));
  }
  if (query.model !== undefined) {
    const model = query.model;
    q = q.where((eb) =>
      eb.or([
        eb('model_ref', '=', model),
        eb(sql<string>`substr(model_ref, 1, ${model.length + 1})`, '=', `${model}:`),
      ]),
    );
  }
  if (query.cursor) {
    q = q.where(olderThan('job_id', decodeIdCursor(query.cursor)));
  }
  const rows = await q
    .orderBy(sql`length(job_id)`, 'desc')
    .orderBy('job_id', 'desc')
    .limit(limit + 1)
    .execute();
  return pageOf(rows.map(jobFromRow), limit, (job) => job.id.toString());
}

export async function listProviders(
  db: Kysely<DatabaseSchema>,
  query: ListProvidersQuery,
): Promise<ProjectionPage<ProjectedProvider>> {
  const limit = checkLimit(query.limit);
  let q = db.selectFrom('providers').selectAll();
  if (query.isActive !== undefined) {
    q = q.where('is_active', '=', toFlag(query.isActive));
  }
  if (query.cursor) {
    q = q.where('provider', '>', toHex(decodeText(query.cursor), 'cursor'));
  }
  const rows = await q
    .orderBy('provider', 'asc')
    .limit(limit + 1)
    .execute();
  return pageOf(rows.map(providerFromRow), limit, (p) => p.provider);
}

export async function listIntents(
  db: Kysely<DatabaseSchema>,
  query: ListIntentsQuery,
): Promise<ProjectionPage<ProjectedIntent>> {
  const limit = checkLimit(query.limit);
  let q = db.selectFrom('mev_intents').selectAll();
  if (query.status !== undefined) {
    q = q.where('status', '=', query.status);
  }
  if (query.batchId !== undefined) {
    q = q.where('batch_id', '=', toDecimal(query.batchId, 'batch_id'));
  }
  if (query.user !== undefined) {
    q = q.where('user_account', '=', toHex(query.user, 'user'));
  }
  if (query.cursor) {
    q = q.where(olderThan('intent_id', decodeIdCursor(query.cursor)));
  }
  const rows = await q
    .orderBy(sql`length(intent_id)`, 'desc')
    .orderBy('intent_id', 'desc')
    .limit(limit + 1)
    .execute();
  return pageOf(rows.map(intentFromRow), limit, (intent) => intent.intentId.toString());
}
/**
 * `column` (a decimal id) sorts before `id` in (length, text) order. A row-value comparison, so
 * both databases seek the (length(id), id) index (0009) to the cursor instead of walking to it.
 */
function olderThan(column: 'job_id' | 'intent_id', id: string) {
  return sql<boolean>`((length(${sql.ref(column)}), ${sql.ref(column)}) < (${id.length}, ${id}))`;
}

function pageOf<T>(items: T[], limit: number, keyOf: (item: T) => string): ProjectionPage<T> {
  const hasMore = items.length > limit;
  const page = hasMore ? items.slice(0, limit) : items;
  const last = page[page.length - 1];
  return {
    items: page,
    nextCursor:
      hasMore && last !== undefined ? Buffer.from(keyOf(last), 'utf8').toString('base64url') : null,
  };
}

function decodeText(cursor: string): string {
  return Buffer.from(cursor, 'base64url').toString('utf8');
}

function decodeIdCursor(cursor: string): string {
  const id = decodeText(cursor);
  if (!/^\d{1,39}$/.test(id)) {
    throw new InvalidStorageValueError('malformed page cursor', { cursor });
  }
  return id;
}
