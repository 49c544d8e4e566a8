/**
 * The operator's view of this service's own provider profile in compute_provider_registry
 * (spec §5): what is configured, what the chain says, and changes to it. Changes go through the
 * outbox, so `update` returns once they are enqueued, not once they are on-chain.
 */
export interface ProviderSettings {
  /** Free-text URL the registry stores. */
  readonly endpoint: string;
  /** Fixed at registration; the registry cannot change it later. */
  readonly computeUnits: bigint;
  /** As stored on-chain (caller-defined unit, never converted). */
  readonly hourlyRate: bigint;
  /** Whether the service keeps the profile active. */
  readonly active: boolean;
}

export interface ProviderSettingsPatch {
  readonly endpoint?: string;
  readonly hourlyRate?: bigint;
  readonly active?: boolean;
}

export interface ProviderSettingsView {
  /** The worker's H160 (lowercase hex). */
  readonly provider: string;
  /** What the service maintains on-chain; null when provider registration is not configured. */
  readonly desired: ProviderSettings | null;
  /** The finalized on-chain profile; null when not registered (yet). */
  readonly onChain:
    (ProviderSettings & { readonly stake: bigint; readonly reputation: number }) | null;
  /** Keys of the outbox actions enqueued and not yet settled. */
  readonly pendingActions: readonly string[];
  /**
   * Where the registration stands after the last pass: `in-sync`, `pending` (an action is on its
   * way), `blocked` (see `blockedReason`), `unconfigured` (no endpoint), `unknown` (no pass yet).
   */
  readonly state?: ProviderRegistrationState;
  /** Why the service cannot bring the profile to `desired` (e.g. stake below min_stake). */
  readonly blockedReason?: string | null;
}

export type ProviderRegistrationState =
  'unknown' | 'unconfigured' | 'pending' | 'in-sync' | 'blocked';

export interface ProviderAdmin {
  view(): Promise<ProviderSettingsView>;
  /** Validates and enqueues the on-chain changes; throws InvalidProviderSettingsError on bad input. */
  update(patch: ProviderSettingsPatch): Promise<ProviderSettingsView>;
}

export class InvalidProviderSettingsError extends Error {
  override readonly name = 'InvalidProviderSettingsError';
}
