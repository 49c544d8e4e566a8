import { NATIVE_TO_ETH_RATIO } from '../contracts';
import { InvalidProviderSettingsError, type ProviderSettingsPatch } from './provider-admin';

const U128_MAX = (1n << 128n) - 1n;
/** PROVIDER_ENDPOINT's limit (config.schema.ts). */
export const MAX_ENDPOINT_LENGTH = 256;

/** The provider slice of the app config (PROVIDER_*). */
export interface ProviderRegistrationConfig {
  /** Registration is configured when set. */
  readonly endpoint: string | null;
  readonly computeUnits: bigint;
  /** Stored as given (the registry never converts it); this service quotes contract units per hour. */
  readonly hourlyRate: bigint;
  /** Native value sent with `register_provider` (planck). */
  readonly stakePlanck: bigint;
}

/** What the operator changed at runtime (null = keep the config's value); persisted. */
export interface ProviderOverrides {
  readonly endpoint: string | null;
  readonly hourlyRate: bigint | null;
  readonly active: boolean | null;
}

export const NO_OVERRIDES: ProviderOverrides = { endpoint: null, hourlyRate: null, active: null };

/** The profile the service keeps on-chain. */
export interface DesiredProvider {
  readonly endpoint: string;
  readonly computeUnits: bigint;
  readonly hourlyRate: bigint;
  readonly stakePlanck: bigint;
  /** `stakePlanck` in contract units, the unit of `ProviderProfile.stake`. */
  readonly stake: bigint;
  readonly active: boolean;
}

/** Config plus overrides; null when no endpoint is configured (registration off). */
export function desiredProvider(
  config: ProviderRegistrationConfig,
  overrides: ProviderOverrides,
): DesiredProvider | null {
  const endpoint = overrides.endpoint ?? config.endpoint;
  if (endpoint === null) {
    return null;
  }
  return {
    endpoint,
    computeUnits: config.computeUnits,
    hourlyRate: overrides.hourlyRate ?? config.hourlyRate,
    stakePlanck: config.stakePlanck,
    stake: config.stakePlanck * NATIVE_TO_ETH_RATIO,
    active: overrides.active ?? true,
  };
}

/**
 * Checks an operator patch and merges it into the stored overrides.
 * @throws InvalidProviderSettingsError naming the offending field
 */
export function applyPatch(
  current: ProviderOverrides,
  patch: ProviderSettingsPatch,
  isConfigured: boolean,
): ProviderOverrides {
  if (
    patch.endpoint === undefined &&
    patch.hourlyRate === undefined &&
    patch.active === undefined
  ) {
    throw new InvalidProviderSettingsError(
      'nothing to change: give endpoint, hourlyRate or active',
    );
  }
  if (patch.endpoint !== undefined) {
    checkEndpoint(patch.endpoint);
  }
  if (patch.hourlyRate !== undefined && (patch.hourlyRate < 0n || patch.hourlyRate > U128_MAX)) {
    throw new InvalidProviderSettingsError('hourlyRate must be a u128 (0 ≤ rate < 2^128)');
  }
  if (!isConfigured && patch.endpoint === undefined) {
    throw new InvalidProviderSettingsError(
      'provider registration is not configured: give an endpoint to register the worker',
    );
  }
  return {
    endpoint: patch.endpoint ?? current.endpoint,
    hourlyRate: patch.hourlyRate ?? current.hourlyRate,
    active: patch.active ?? current.active,
  };
}

function checkEndpoint(endpoint: string): void {
  if (endpoint.trim() === '' || endpoint !== endpoint.trim()) {
    throw new InvalidProviderSettingsError(
      'endpoint must be non-empty, without surrounding spaces',
    );
  }
  if (endpoint.length > MAX_ENDPOINT_LENGTH) {
    throw new InvalidProviderSettingsError(
      `endpoint must be at most ${MAX_ENDPOINT_LENGTH} characters`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(endpoint)) {
    throw new InvalidProviderSettingsError('endpoint must not contain control characters');
  }
}
