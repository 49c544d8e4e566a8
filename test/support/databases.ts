import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  migrateToLatest,
  openDatabase,
  type Database,
  type DialectName,
  type MigrationReport,
  type OpenDatabaseOptions,
} from '../../src/storage';
import { startPostgresTestServer } from './postgres-server';

/** The real databases every storage behaviour suite runs against. */
export const TEST_DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

/**
 * The databases an e2e story runs on: SQLite alone, because the integration tier proves every
 * repository on both (README, "Tests"). Stories whose point is the database (several instances,
 * crash recovery of the outbox, leases, draining) use TEST_DIALECTS instead.
 * `TEST_E2E_DIALECTS=sqlite,postgres` runs every story on both.
 */
export const STORY_DIALECTS: readonly DialectName[] = storyDialects(
  process.env['TEST_E2E_DIALECTS'],
);

function storyDialects(setting: string | undefined): readonly DialectName[] {
  if (setting === undefined || setting.trim() === '') {
    return ['sqlite'];
  }
  const names = setting.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(TEST_DIALECTS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(`TEST_E2E_DIALECTS: unknown database ${unknown.join(', ')} (sqlite, postgres)`);
  }
  return TEST_DIALECTS.filter((dialect) => names.includes(dialect));
}

/** A fresh, empty database of one dialect, owned by one test file. */
export interface TestDatabase {
  readonly dialect: DialectName;
  readonly url: string;
  /** Opens another connection (pool) to it; the caller closes it. */
  open(options?: OpenDatabaseOptions): Promise<Database>;
  /** Deletes it (SQLite: its temp dir; PostgreSQL: DROP DATABASE … WITH (FORCE)). */
  drop(): Promise<void>;
}

export function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  return dialect === 'sqlite' ? createSqliteTestDatabase() : createPostgresTestDatabase();
}

/** A SQLite FILE in a new temp dir (never `:memory:`). */
export async function createSqliteTestDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'polkamesh-sqlite-'));
  const url = `sqlite:${join(dir, 'polkamesh.db')}`;
  return {
    dialect: 'sqlite',
    url,
    open: (options) => openDatabase(url, options),
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A new database with a unique name on the TEST_POSTGRES_URL server (or the throwaway cluster). */
export async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const serverUrl = await startPostgresTestServer();
  const name = `polkamesh_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  const url = target.toString();
  return {
    dialect: 'postgres',
    url,
    open: (options) => openDatabase(url, options),
    drop: async () => {
      await withAdmin(serverUrl, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}

async function withAdmin<T>(serverUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** What `useMigratedDatabase` hands to the tests once `beforeAll` ran. */
export interface MigratedDatabase {
  readonly testDatabase: TestDatabase;
  readonly database: Database;
  /** Report of the migration run on the empty database. */
  readonly firstMigration: MigrationReport;
}

/**
 * Jest hooks: a fresh database of `dialect`, migrated once, for the calling describe block; closed
 * and dropped afterwards. Read the fields inside tests/hooks, not at describe time.
 */
export function useMigratedDatabase(dialect: DialectName): MigratedDatabase {
  let state: MigratedDatabase | undefined;
  const current = (): MigratedDatabase => {
    if (state === undefined) {
      throw new Error('useMigratedDatabase: read it inside a test or hook, after beforeAll');
    }
    return state;
  };
  beforeAll(async () => {
    const testDatabase = await createTestDatabase(dialect);
    const database = await testDatabase.open();
    const firstMigration = await migrateToLatest(database);
    state = { testDatabase, database, firstMigration };
  });
  afterAll(async () => {
    if (state !== undefined) {
      await state.database.close();
      await state.testDatabase.drop();
    }
  });
  return {
    get testDatabase() {
      return current().testDatabase;
    },
    get database() {
      return current().database;
    },
    get firstMigration() {
      return current().firstMigration;
    },
  };
}

/** Empties every storage table (tests in one file share a database, not rows). */
export async function truncateStorageTables(database: Database): Promise<void> {
  await database.transaction(async (trx) => {
    await trx.deleteFrom('chain_events').execute();
    await trx.deleteFrom('quarantined_events').execute();
    await trx.deleteFrom('chain_cursors').execute();
    await trx.deleteFrom('chain_actions').execute();
    await trx.deleteFrom('job_work').execute();
    await trx.deleteFrom('job_work_events').execute();
    await trx.deleteFrom('leases').execute();
    await trx.deleteFrom('provider_settings').execute();
  });
}
