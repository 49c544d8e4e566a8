import { openDatabase, parseDatabaseUrl, redactDatabaseUrl } from './database';
import { migrateToLatest, migrationsFor } from './migrate-to-latest';
import { DatabaseUrlError } from './storage-errors';

describe('parseDatabaseUrl', () => {
  it.each([
    ['sqlite:./data/polkamesh.db', './data/polkamesh.db'],
    ['sqlite:/var/lib/polkamesh.db', '/var/lib/polkamesh.db'],
    ['sqlite:///var/lib/polkamesh.db', '/var/lib/polkamesh.db'],
    ['sqlite::memory:', ':memory:'],
  ])('reads %s as a sqlite file %s', (url, filename) => {
    expect(parseDatabaseUrl(url)).toEqual({ dialect: 'sqlite', filename });
  });

  it.each(['postgres://u:p@db:5432/app', 'postgresql://db/app?sslmode=require'])(
    'reads %s as postgres',
    (url) => {
      expect(parseDatabaseUrl(url)).toEqual({ dialect: 'postgres', connectionString: url });
    },
  );

  it('refuses other schemes without echoing the password', () => {
    expect(() => parseDatabaseUrl('mysql://root:hunter2@db/app')).toThrow(DatabaseUrlError);
    try {
      parseDatabaseUrl('mysql://root:hunter2@db/app');
    } catch (error) {
      expect(JSON.stringify((error as DatabaseUrlError).details)).not.toContain('hunter2');
    }
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(DatabaseUrlError);
  });
});

describe('redactDatabaseUrl', () => {
  it('hides the password only', () => {
    expect(redactDatabaseUrl('postgres://app:s3cr%40t@db:5432/x')).toBe(
      'postgres://app:***@db:5432/x',
    );
    expect(redactDatabaseUrl('postgres://db/x')).toBe('postgres://db/x');
  });
});

describe('openDatabase', () => {
  it('refuses an in-memory sqlite database unless asked for one', async () => {
    await expect(openDatabase('sqlite::memory:')).rejects.toThrow(/unit tests only/);

    const database = await openDatabase('sqlite::memory:', { allowInMemory: true });
    expect(database.dialect).toBe('sqlite');
    expect((await migrateToLatest(database)).applied).toEqual(Object.keys(migrationsFor('sqlite')));
    await database.close();
    await database.close();
  });
});
