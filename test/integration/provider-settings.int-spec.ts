import { SqlStorage } from '../../src/storage';
import { TEST_DIALECTS, truncateStorageTables, useMigratedDatabase } from '../support/databases';
import { ManualClock, testStorageContext } from '../support/storage-fixtures';

const PROVIDER = '0x9621dde636de098b43efb0fa9b61facfe328f99d';
const U128_MAX = 2n ** 128n - 1n;

describe.each(TEST_DIALECTS)('provider settings on %s', (dialect) => {
  const db = useMigratedDatabase(dialect);
  let clock: ManualClock;
  let storage: SqlStorage;

  beforeEach(async () => {
    await truncateStorageTables(db.database);
    clock = new ManualClock();
    storage = new SqlStorage(db.database, testStorageContext(clock));
  });

  it('has nothing for a provider that never saved anything', async () => {
    expect(await storage.providerSettings.get(PROVIDER)).toBeNull();
  });

  it('round-trips the operator overrides exactly, a u128 rate and nulls included', async () => {
    await storage.providerSettings.saveOverrides(PROVIDER, {
      endpoint: 'wss://worker.example:9944',
      hourlyRate: U128_MAX,
      active: false,
    });

    expect(await storage.providerSettings.get(PROVIDER)).toEqual({
      provider: PROVIDER,
      overrides: { endpoint: 'wss://worker.example:9944', hourlyRate: U128_MAX, active: false },
      lastActionKey: null,
      updatedAt: clock.now(),
    });

    clock.advance(1_000);
    await storage.providerSettings.saveOverrides(PROVIDER, {
      endpoint: null,
      hourlyRate: null,
      active: true,
    });
    expect(await storage.providerSettings.get(PROVIDER)).toMatchObject({
      overrides: { endpoint: null, hourlyRate: null, active: true },
      updatedAt: clock.now(),
    });
  });

  it('keeps each write from touching the other field, and finds the H160 in any case', async () => {
    await storage.providerSettings.saveLastActionKey(PROVIDER, 'provider:register:1');
    const overrides = { endpoint: 'wss://a', hourlyRate: 5n, active: null };
    await storage.providerSettings.saveOverrides(PROVIDER, overrides);
    clock.advance(1_000);
    await storage.providerSettings.saveLastActionKey(
      `0x${PROVIDER.slice(2).toUpperCase()}`,
      'provider:update:2',
    );

    expect(await storage.providerSettings.get(`0x${PROVIDER.slice(2).toUpperCase()}`)).toEqual({
      provider: PROVIDER,
      overrides,
      lastActionKey: 'provider:update:2',
      updatedAt: clock.now(),
    });
  });
});
