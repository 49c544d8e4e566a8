import { sql } from 'kysely';
import { Client } from 'pg';
import type { Database } from '../../src/storage';
import { createPostgresTestDatabase, type TestDatabase } from '../support/databases';
import { waitFor } from '../support/wait-for';

/**
 * A PostgreSQL restart ends every connection of the pool (found by `npm run test:faults`: the
 * service exited with code 1). The pool must report each loss, never let it end the process, and
 * answer the next query on a new connection.
 */
describe('PostgreSQL connections lost under the pool', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  const lost: Error[] = [];

  beforeAll(async () => {
    testDatabase = await createPostgresTestDatabase();
    database = await testDatabase.open({ onPoolError: (error) => lost.push(error) });
  });

  afterAll(async () => {
    await database.close();
    await testDatabase.drop();
  });

  beforeEach(() => {
    lost.length = 0;
  });

  /** Ends every other backend of the test database, as a server restart does. */
  async function terminateBackends(): Promise<number> {
    const admin = new Client({ connectionString: testDatabase.url });
    await admin.connect();
    try {
      const result = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity ' +
          'WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      return result.rowCount ?? 0;
    } finally {
      await admin.end();
    }
  }

  async function answers(): Promise<unknown> {
    const { rows } = await sql<{ answer: number }>`select 41 + 1 as answer`.execute(database.db);
    return rows[0]?.answer;
  }

  it('reports the loss of an idle pooled connection and answers the next query', async () => {
    expect(await answers()).toBe(42);

    expect(await terminateBackends()).toBeGreaterThanOrEqual(1);

    await waitFor(() => lost.length > 0, 10_000, 'the idle connection to be reported lost');
    expect(await answers()).toBe(42);
  });

  it('reports the loss of a connection held by a transaction between its queries', async () => {
    const transaction = database.transaction(async (trx) => {
      await sql`select 1`.execute(trx);
      expect(await terminateBackends()).toBeGreaterThanOrEqual(1);
      await waitFor(() => lost.length > 0, 10_000, 'the held connection to be reported lost');
      await sql`select 1`.execute(trx);
    });

    await expect(transaction).rejects.toThrow();
    expect(await answers()).toBe(42);
  });

  it('fails the query in flight when its connection is lost, then answers the next one', async () => {
    const sleeping = sql`select pg_sleep(30)`.execute(database.db).then(
      () => 'answered',
      (error: unknown) => error,
    );
    await waitFor(
      async () => {
        const admin = new Client({ connectionString: testDatabase.url });
        await admin.connect();
        try {
          const { rowCount } = await admin.query(
            "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'select pg_sleep%'",
          );
          return (rowCount ?? 0) > 0;
        } finally {
          await admin.end();
        }
      },
      10_000,
      'the sleeping query to run',
    );

    expect(await terminateBackends()).toBeGreaterThanOrEqual(1);

    expect(await sleeping).toBeInstanceOf(Error);
    await waitFor(() => lost.length > 0, 10_000, 'the busy connection to be reported lost');
    expect(await answers()).toBe(42);
  });
});
