import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Lease, LeaseClaim, LeaseFence, LeaseRepository } from '../leadership';
import type { DialectName } from './database';
import type { DatabaseSchema } from './schema';
import { LeaseLostError } from '../shared';
import { toBigInt, toInt, type IntLike } from './sql-values';

interface LeaseRow {
  name: string;
  holder: string;
  token: IntLike;
  acquired_at_ms: IntLike;
  expires_at_ms: IntLike;
}

/** Leases over the `leases` table; see the LeaseRepository port for the guarantees. */
export class SqlLeaseRepository implements LeaseRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly dialect: DialectName,
  ) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<LeaseClaim> {
    const now = databaseNowMs(this.dialect);
    const ttl = Math.max(1, Math.trunc(ttlMs));
    // `excluded.acquired_at_ms` is "now"; a tenure continues only while its holder renews in time.
    const continues = sql`leases.holder = excluded.holder and leases.expires_at_ms >= excluded.acquired_at_ms`;
    const result = await sql<LeaseRow>`
      insert into leases (name, holder, token, acquired_at_ms, expires_at_ms)
      values (${name}, ${holder}, 1, ${now}, ${now} + ${ttl})
      on conflict (name) do update set
        holder = excluded.holder,
        token = case when ${continues} then leases.token else leases.token + 1 end,
        acquired_at_ms = case when ${continues} then leases.acquired_at_ms else excluded.acquired_at_ms end,
        expires_at_ms = excluded.expires_at_ms
      where leases.holder = excluded.holder or leases.expires_at_ms < excluded.acquired_at_ms
      returning name, holder, token, acquired_at_ms, expires_at_ms`.execute(this.db);
    const row = result.rows[0];
    if (row !== undefined) {
      return { isHeld: true, lease: toLease(row) };
    }
    return { isHeld: false, current: await this.get(name) };
  }

  async release(fence: LeaseFence): Promise<boolean> {
    const result = await this.db
      .updateTable('leases')
      .set({ expires_at_ms: 0n })
      .where('name', '=', fence.name)
      .where('holder', '=', fence.holder)
      .where('token', '=', fence.token)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async get(name: string): Promise<Lease | null> {
    const row = await this.db
      .selectFrom('leases')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row === undefined ? null : toLease(row);
  }
}

/**
 * Inside a transaction: throws LeaseLostError unless the tenure `fence` names is still the current
 * one. On PostgreSQL the lease row stays share-locked until commit, so a takeover waits for this
 * transaction; SQLite transactions hold the database's single write lock from BEGIN anyway.
 */
export async function assertLeaseHeld(
  trx: Kysely<DatabaseSchema>,
  dialect: DialectName,
  fence: LeaseFence,
): Promise<void> {
  const query = trx
    .selectFrom('leases')
    .select('token')
    .where('name', '=', fence.name)
    .where('holder', '=', fence.holder)
    .where('token', '=', fence.token);
  const row = await (dialect === 'postgres' ? query.forShare() : query).executeTakeFirst();
  if (row === undefined) {
    throw new LeaseLostError(fence.name, fence.holder, fence.token);
  }
}

function databaseNowMs(dialect: DialectName): RawBuilder<number> {
  return dialect === 'postgres'
    ? sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`
    : sql<number>`cast((julianday('now') - 2440587.5) * 86400000.0 as integer)`;
}

function toLease(row: LeaseRow): Lease {
  return {
    name: row.name,
    holder: row.holder,
    token: toBigInt(row.token, 'leases.token'),
    acquiredAtMs: toInt(row.acquired_at_ms, 'leases.acquired_at_ms'),
    expiresAtMs: toInt(row.expires_at_ms, 'leases.expires_at_ms'),
  };
}
