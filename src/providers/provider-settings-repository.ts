import type { H160 } from '../contracts';
import type { ProviderOverrides } from './desired-provider';

/** What the service keeps about its own provider profile between restarts. */
export interface StoredProviderSettings {
  readonly provider: H160;
  readonly overrides: ProviderOverrides;
  /** Idempotency key of the last registry action enqueued; the next waits until it settled. */
  readonly lastActionKey: string | null;
  readonly updatedAt: Date;
}

/**
 * One row per provider H160 (`provider_settings`). Both writes are upserts on the H160, so
 * repeating one changes nothing; each write leaves the other field as it was.
 */
export interface ProviderSettingsRepository {
  get(provider: H160): Promise<StoredProviderSettings | null>;
  saveOverrides(provider: H160, overrides: ProviderOverrides): Promise<void>;
  saveLastActionKey(provider: H160, key: string): Promise<void>;
}
