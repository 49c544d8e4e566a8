import { createHash } from 'node:crypto';
import { type H160, type ProviderProfile, NATIVE_TO_ETH_RATIO } from '../contracts';
import type { NewChainAction } from '../chain/tx';
import type { DesiredProvider } from './desired-provider';

export type ProviderStep = 'register' | 'deactivate' | 'update' | 'add_stake' | 'activate';

/** The registry's profile of our worker and the version of the state it was read at. */
export interface ObservedProvider {
  readonly profile: ProviderProfile;
  /**
   * Changes whenever the profile may have changed: the projection row's last event position
   * (`<block>:<seq>`), or `chain@<block>` for a direct read of `get_provider`.
   */
  readonly version: string;
}

export type ProviderPlan =
  | { readonly kind: 'in-sync' }
  | { readonly kind: 'step'; readonly step: ProviderStep; readonly action: NewChainAction }
  | { readonly kind: 'blocked'; readonly reason: string };

/**
 * The next on-chain step that brings the registry's profile of `provider` closer to `desired`, one
 * at a time, in this order: register, deactivate (operator pause), update endpoint/rate, top up the
 * stake, activate. `minStake` (contract units) is checked before registering when known.
 *
 * The action's key is `provider:<h160>:<step>:<digest>`, the digest covering the call (args, value)
 * and the observed version: replanning from the same facts gives the same key (so a replay enqueues
 * nothing), and a step happens again only after the profile changed (e.g. deactivated again
 * behind our back). `compute_units` cannot change after registration (§5.4) and is not planned.
 */
export function planProviderStep(
  provider: H160,
  signerRole: string,
  desired: DesiredProvider,
  observed: ObservedProvider | null,
  minStake: bigint | null,
): ProviderPlan {
  const step = (
    name: ProviderStep,
    message: string,
    args: Record<string, string | bigint | boolean>,
    value = 0n,
  ): ProviderPlan => ({
    kind: 'step',
    step: name,
    action: {
      idempotencyKey: providerActionKey(provider, name, args, value, observed?.version ?? null),
      contract: 'computeProviderRegistry',
      message,
      args,
      signerRole,
      ...(value === 0n ? {} : { value }),
    },
  });
  if (observed === null) {
    if (minStake !== null && desired.stake < minStake) {
      return { kind: 'blocked', reason: stakeBelowMinimum(desired, minStake) };
    }
    return step(
      'register',
      'register_provider',
      {
        endpoint: desired.endpoint,
        computeUnits: desired.computeUnits,
        hourlyRate: desired.hourlyRate,
      },
      desired.stakePlanck,
    );
  }
  const profile = observed.profile;
  if (!desired.active && profile.isActive) {
    return step('deactivate', 'set_active', { isActive: false });
  }
  if (profile.endpoint !== desired.endpoint || profile.hourlyRate !== desired.hourlyRate) {
    return step('update', 'update_provider', {
      endpoint: desired.endpoint,
      hourlyRate: desired.hourlyRate,
    });
  }
  if (profile.stake < desired.stake) {
    return step('add_stake', 'add_stake', {}, topUpPlanck(desired.stake - profile.stake));
  }
  if (desired.active && !profile.isActive) {
    return step('activate', 'set_active', { isActive: true });
  }
  return { kind: 'in-sync' };
}

/** Planck that add up to at least `units` contract units. */
export function topUpPlanck(units: bigint): bigint {
  return (units + NATIVE_TO_ETH_RATIO - 1n) / NATIVE_TO_ETH_RATIO;
}

export function providerActionKey(
  provider: H160,
  step: ProviderStep,
  args: Readonly<Record<string, string | bigint | boolean>>,
  value: bigint,
  observedVersion: string | null,
): string {
  const canonical = JSON.stringify({
    args: Object.entries(args)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, v]) => [name, typeof v === 'bigint' ? v.toString() : v]),
    value: value.toString(),
    observed: observedVersion,
  });
  const digest = createHash('sha256').update(canonical).digest('hex').slice(0, 16);
  return `provider:${provider}:${step}:${digest}`;
}

export function stakeBelowMinimum(desired: DesiredProvider, minStake: bigint): string {
  return (
    `PROVIDER_STAKE_PLANCK=${desired.stakePlanck} (${desired.stake} contract units) is below the ` +
    `registry's min_stake of ${minStake} contract units; raise the stake to register`
  );
}

/** A clear reason for an action the transaction manager gave up on (its dry run said false). */
export function refusedStepReason(step: string, lastError: string | null): string {
  const detail = lastError ?? 'no reason recorded';
  switch (step) {
    case 'register':
      return (
        `the registry refused register_provider (${detail}): the stake is below min_stake or the ` +
        'worker is already registered; no stake was sent'
      );
    case 'add_stake':
      return `the registry refused add_stake (${detail}); no value was sent`;
    default:
      return `the registry refused ${step} (${detail})`;
  }
}
