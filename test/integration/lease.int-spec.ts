import { sql } from 'kysely';
import { FencedSqlStorage, SqlLeaseRepository, type Database } from '../../src/storage';
import { LeaseLostError } from '../../src/shared';
import { TEST_DIALECTS, truncateStorageTables, useMigratedDatabase } from '../support/databases';
import { waitFor } from '../support/wait-for';

const NAME = 'chain-follower';
const LONG_TTL_MS = 60_000;
const SHORT_TTL_MS = 200;

describe.each(TEST_DIALECTS)('leases on %s', (dialect) => {
  const db = useMigratedDatabase(dialect);
  const connections: Database[] = [];
  let leases: SqlLeaseRepository;

  /** Another instance: its own connection (pool) to the same database. */
  async function instance(): Promise<{ database: Database; leases: SqlLeaseRepository }> {
    const database = await db.testDatabase.open();
    connections.push(database);
    return { database, leases: new SqlLeaseRepository(database.db, database.dialect) };
  }

  beforeEach(async () => {
    await truncateStorageTables(db.database);
    await db.database.db.deleteFrom('leases').execute();
    leases = new SqlLeaseRepository(db.database.db, db.database.dialect);
  });

  afterEach(async () => {
    await Promise.all(connections.splice(0).map((database) => database.close()));
  });

  it('gives a free lease to the first holder and refuses a second one while it lasts', async () => {
    const first = await leases.acquire(NAME, 'a', LONG_TTL_MS);
    const other = await instance();
    const second = await other.leases.acquire(NAME, 'b', LONG_TTL_MS);

    expect(first).toMatchObject({ isHeld: true, lease: { name: NAME, holder: 'a', token: 1n } });
    expect(second).toMatchObject({ isHeld: false, current: { holder: 'a', token: 1n } });
    expect(await leases.get(NAME)).toMatchObject({ holder: 'a', token: 1n });
  });

  it('renews for the holder: same token and tenure, later expiry', async () => {
    const first = await leases.acquire(NAME, 'a', 1_000);
    const renewed = await leases.acquire(NAME, 'a', LONG_TTL_MS);
    if (!first.isHeld || !renewed.isHeld) {
      throw new Error('holder a should hold the lease');
    }
    expect(renewed.lease.token).toBe(first.lease.token);
    expect(renewed.lease.acquiredAtMs).toBe(first.lease.acquiredAtMs);
    expect(renewed.lease.expiresAtMs).toBeGreaterThan(first.lease.expiresAtMs);
    expect(renewed.lease.expiresAtMs - renewed.lease.acquiredAtMs).toBeGreaterThanOrEqual(
      LONG_TTL_MS,
    );
  });

  it('lets another holder take an expired lease over, with a higher fencing token', async () => {
    const first = await leases.acquire(NAME, 'a', SHORT_TTL_MS);
    const other = await instance();
    const takeover = await waitFor(
      async () => {
        const claim = await other.leases.acquire(NAME, 'b', LONG_TTL_MS);
        return claim.isHeld && claim.lease;
      },
      10_000,
      'b to take the expired lease over',
    );
    expect(first).toMatchObject({ isHeld: true, lease: { token: 1n } });
    expect(takeover).toMatchObject({ holder: 'b', token: 2n });
    // the old holder's renewal no longer succeeds
    expect(await leases.acquire(NAME, 'a', LONG_TTL_MS)).toMatchObject({
      isHeld: false,
      current: { holder: 'b', token: 2n },
    });
  });

  it('starts a new tenure when the holder comes back after its lease lapsed', async () => {
    await leases.acquire(NAME, 'a', SHORT_TTL_MS);
    await waitFor(() => isExpired(leases, NAME), 10_000, 'the lease to expire');
    expect(await leases.acquire(NAME, 'a', LONG_TTL_MS)).toMatchObject({
      isHeld: true,
      lease: { holder: 'a', token: 2n },
    });
  });

  it('frees a released lease at once and raises the token for the next tenure', async () => {
    const first = await leases.acquire(NAME, 'a', LONG_TTL_MS);
    if (!first.isHeld) {
      throw new Error('holder a should hold the lease');
    }
    expect(await leases.release({ name: NAME, holder: 'a', token: 1n })).toBe(true);
    expect(await leases.release({ name: NAME, holder: 'a', token: 1n })).toBe(true); // until a new tenure begins
    const other = await instance();
    expect(await other.leases.acquire(NAME, 'b', LONG_TTL_MS)).toMatchObject({
      isHeld: true,
      lease: { holder: 'b', token: 2n },
    });
    expect(await leases.release({ name: NAME, holder: 'a', token: 1n })).toBe(false);
  });

  it('gives the lease to exactly one of many concurrent claimers', async () => {
    const others = await Promise.all(Array.from({ length: 6 }, () => instance()));
    const claims = await Promise.all(
      others.flatMap((other, i) =>
        [0, 1, 2].map((j) => other.leases.acquire(NAME, `holder-${i}-${j}`, LONG_TTL_MS)),
      ),
    );
    const winners = claims.flatMap((claim) => (claim.isHeld ? [claim.lease] : []));
    expect(winners).toHaveLength(1);
    const stored = await leases.get(NAME);
    expect(stored).toMatchObject({ holder: winners[0]!.holder, token: 1n });
    for (const claim of claims.filter((c) => !c.isHeld)) {
      expect(claim).toMatchObject({ isHeld: false, current: { holder: winners[0]!.holder } });
    }
  });

  it('lets an expired lease be taken over by exactly one of many concurrent claimers', async () => {
    await leases.acquire(NAME, 'old', SHORT_TTL_MS);
    await waitFor(() => isExpired(leases, NAME), 10_000, 'the lease to expire');
    const others = await Promise.all(Array.from({ length: 6 }, () => instance()));
    const claims = await Promise.all(
      others.map((other, i) => other.leases.acquire(NAME, `holder-${i}`, LONG_TTL_MS)),
    );
    const winners = claims.flatMap((claim) => (claim.isHeld ? [claim.lease] : []));
    expect(winners).toHaveLength(1);
    expect(winners[0]!.token).toBe(2n);
  });

  it('fences writes: a transaction of a superseded tenure fails and writes nothing', async () => {
    await leases.acquire(NAME, 'a', SHORT_TTL_MS);
    const other = await instance();
    const takeover = await waitFor(async () => {
      const claim = await other.leases.acquire(NAME, 'b', LONG_TTL_MS);
      return claim.isHeld && claim.lease;
    }, 10_000);
    const stale = new FencedSqlStorage(db.database, { name: NAME, holder: 'a', token: 1n });
    const current = new FencedSqlStorage(other.database, {
      name: NAME,
      holder: 'b',
      token: takeover.token,
    });
    const block = (n: bigint) => ({ number: n, hash: `0x${n.toString(16).padStart(64, '0')}` });

    await expect(
      stale.transaction((tx) => tx.cursors.advance('finalized', 0, block(5n))),
    ).rejects.toBeInstanceOf(LeaseLostError);
    expect(await stale.cursors.get('finalized')).toBeNull();

    await current.transaction((tx) => tx.cursors.advance('finalized', 0, block(7n)));
    expect(await stale.cursors.get('finalized')).toMatchObject({ block: { number: 7n } });
  });

  if (dialect === 'postgres') {
    it('makes a takeover wait for a fenced transaction in flight, then fences the old tenure', async () => {
      await leases.acquire(NAME, 'a', SHORT_TTL_MS);
      await waitFor(() => isExpired(leases, NAME), 10_000, 'the lease to expire');
      const fenced = new FencedSqlStorage(db.database, { name: NAME, holder: 'a', token: 1n });
      const other = await instance();
      const block = { number: 3n, hash: `0x${'03'.padStart(64, '0')}` };
      let takeover: Promise<unknown> | undefined;

      await fenced.transaction(async (tx) => {
        // the lease row is share-locked now: b's takeover blocks on it until this commits
        takeover = other.leases.acquire(NAME, 'b', LONG_TTL_MS);
        await waitFor(
          async () => {
            const waiting = await sql<{ n: string }>`
              select count(*) as n from pg_stat_activity
              where wait_event_type = 'Lock' and query ilike '%insert into leases%'`.execute(
              other.database.db,
            );
            return Number(waiting.rows[0]?.n) > 0;
          },
          10_000,
          'the takeover to wait on the lease row',
        );
        await tx.cursors.advance('finalized', 0, block);
      });

      expect(await takeover).toMatchObject({ isHeld: true, lease: { holder: 'b', token: 2n } });
      expect(await fenced.cursors.get('finalized')).toMatchObject({ block: { number: 3n } });
      await expect(
        fenced.transaction((tx) => tx.cursors.advance('finalized', 1, { ...block, number: 4n })),
      ).rejects.toBeInstanceOf(LeaseLostError);
    });
  }
});

async function isExpired(leases: SqlLeaseRepository, name: string): Promise<boolean> {
  // Reads the database clock (a 1 ms lease on another name expires at now + 1) without touching `name`.
  const lease = await leases.get(name);
  const probe = await leases.acquire(`${name}:clock`, 'probe', 1);
  return lease !== null && probe.isHeld && probe.lease.expiresAtMs - 1 > lease.expiresAtMs;
}
