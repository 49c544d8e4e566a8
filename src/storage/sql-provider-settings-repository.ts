import type { Kysely, Selectable } from 'kysely';
import type { H160 } from '../contracts';
import type {
  ProviderOverrides,
  ProviderSettingsRepository,
  StoredProviderSettings,
} from '../providers';
import type { DatabaseSchema, ProviderSettingsTable } from './schema';
import {
  fromFlag,
  fromTimestamp,
  toBigInt,
  toDecimal,
  toFlag,
  toHex,
  toTimestamp,
} from './sql-values';
import type { StorageContext } from './storage-context';

/** ProviderSettingsRepository on `provider_settings` (0008), upserts keyed by the H160. */
export class SqlProviderSettingsRepository implements ProviderSettingsRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly context: StorageContext,
  ) {}

  async get(provider: H160): Promise<StoredProviderSettings | null> {
    const row = await this.db
      .selectFrom('provider_settings')
      .selectAll()
      .where('provider', '=', toHex(provider, 'provider'))
      .executeTakeFirst();
    return row === undefined ? null : toStoredSettings(row);
  }

  async saveOverrides(provider: H160, overrides: ProviderOverrides): Promise<void> {
    const values = {
      endpoint: overrides.endpoint,
      hourly_rate:
        overrides.hourlyRate === null ? null : toDecimal(overrides.hourlyRate, 'hourly rate'),
      active: overrides.active === null ? null : toFlag(overrides.active),
      updated_at: toTimestamp(this.context.clock.now()),
    };
    await this.db
      .insertInto('provider_settings')
      .values({ provider: toHex(provider, 'provider'), last_action_key: null, ...values })
      .onConflict((oc) => oc.column('provider').doUpdateSet(values))
      .execute();
  }

  async saveLastActionKey(provider: H160, key: string): Promise<void> {
    const values = { last_action_key: key, updated_at: toTimestamp(this.context.clock.now()) };
    await this.db
      .insertInto('provider_settings')
      .values({
        provider: toHex(provider, 'provider'),
        endpoint: null,
        hourly_rate: null,
        active: null,
        ...values,
      })
      .onConflict((oc) => oc.column('provider').doUpdateSet(values))
      .execute();
  }
}

function toStoredSettings(row: Selectable<ProviderSettingsTable>): StoredProviderSettings {
  return {
    provider: row.provider as H160,
    overrides: {
      endpoint: row.endpoint,
      hourlyRate: row.hourly_rate === null ? null : toBigInt(row.hourly_rate, 'hourly_rate'),
      active: row.active === null ? null : fromFlag(row.active),
    },
    lastActionKey: row.last_action_key,
    updatedAt: fromTimestamp(row.updated_at, 'updated_at'),
  };
}
