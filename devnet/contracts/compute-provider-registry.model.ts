import type { H160, ProviderProfile } from '../../src/contracts';
import {
  U128_MAX,
  U128_OVERFLOW_TRAP,
  U64_MAX,
  returned,
  saturatingAdd,
  trapped,
  valueAsU128,
  type ContractModel,
} from './contract-model';
import { defineModel, messageBuilder } from './define-model';

/** Storage of `compute_provider_registry` (spec §5.3). */
export interface ComputeProviderRegistryState {
  admin: H160;
  minStake: bigint;
  /** registrations ever made; never decremented */
  providerCount: bigint;
  providers: Map<H160, ProviderProfile>;
}

/** Constructor argument of the deployment (spec §1.2): `new(500)`, in contract units. */
export const PROVIDER_REGISTRY_MIN_STAKE = 500n;
const INITIAL_REPUTATION = 100;

const m = messageBuilder<ComputeProviderRegistryState>();

/**
 * `compute_provider_registry` (spec §5). Failed payable calls return false and the runtime keeps
 * the value. Stake can be withdrawn only while inactive, unless the caller is the admin (§5.7).
 */
export const computeProviderRegistryModel: ContractModel<ComputeProviderRegistryState> =
  defineModel<ComputeProviderRegistryState>({
    name: 'computeProviderRegistry',
    genesis: (admin) => ({
      admin,
      minStake: PROVIDER_REGISTRY_MIN_STAKE,
      providerCount: 0n,
      providers: new Map(),
    }),
    messages: {
      register_provider: m.payable(
        { endpoint: 'string', computeUnits: 'u64', hourlyRate: 'u128' },
        (s, a, ctx) => {
          const stake = valueAsU128(ctx);
          if (stake === null) {
            return trapped(U128_OVERFLOW_TRAP);
          }
          const provider = ctx.caller;
          if (stake < s.minStake || s.providers.has(provider)) {
            return returned(false);
          }
          s.providers.set(provider, {
            provider,
            endpoint: a.endpoint,
            computeUnits: a.computeUnits,
            hourlyRate: a.hourlyRate,
            registeredAt: ctx.timestamp,
            isActive: true,
            stake,
            reputationScore: INITIAL_REPUTATION,
          });
          s.providerCount = saturatingAdd(s.providerCount, 1n, U64_MAX);
          return returned(true, [
            {
              contract: 'computeProviderRegistry',
              name: 'ProviderRegistered',
              fields: { provider, stake, computeUnits: a.computeUnits },
            },
          ]);
        },
      ),

      update_provider: m.plain({ endpoint: 'string', hourlyRate: 'u128' }, (s, a, ctx) => {
        const profile = s.providers.get(ctx.caller);
        if (profile === undefined) {
          return returned(false);
        }
        profile.endpoint = a.endpoint;
        profile.hourlyRate = a.hourlyRate;
        return returned(true, [
          {
            contract: 'computeProviderRegistry',
            name: 'ProviderUpdated',
            fields: { provider: ctx.caller, endpoint: a.endpoint, hourlyRate: a.hourlyRate },
          },
        ]);
      }),

      set_active: m.plain({ isActive: 'bool' }, (s, a, ctx) => {
        const profile = s.providers.get(ctx.caller);
        if (profile === undefined) {
          return returned(false);
        }
        profile.isActive = a.isActive; // nothing re-checks min_stake (§5.7.1)
        return returned(true, [
          {
            contract: 'computeProviderRegistry',
            name: 'ProviderActiveChanged',
            fields: { provider: ctx.caller, isActive: a.isActive },
          },
        ]);
      }),

      add_stake: m.payable({}, (s, _a, ctx) => {
        const amount = valueAsU128(ctx);
        if (amount === null) {
          return trapped(U128_OVERFLOW_TRAP);
        }
        const profile = s.providers.get(ctx.caller);
        if (amount === 0n || profile === undefined) {
          return returned(false);
        }
        profile.stake = saturatingAdd(profile.stake, amount, U128_MAX);
        return returned(true, [
          {
            contract: 'computeProviderRegistry',
            name: 'StakeAdded',
            fields: { provider: ctx.caller, amount },
          },
        ]);
      }),

      withdraw_stake: m.plain({ amount: 'u128' }, (s, a, ctx) => {
        const profile = s.providers.get(ctx.caller);
        if (profile === undefined) {
          return returned(false);
        }
        if (profile.isActive && ctx.caller !== s.admin) {
          return returned(false);
        }
        if (profile.stake < a.amount || !ctx.transfer(ctx.caller, a.amount)) {
          return returned(false);
        }
        profile.stake -= a.amount;
        return returned(true, [
          {
            contract: 'computeProviderRegistry',
            name: 'StakeWithdrawn',
            fields: { provider: ctx.caller, amount: a.amount },
          },
        ]);
      }),

      set_reputation: m.plain({ provider: 'h160', score: 'u32' }, (s, a, ctx) => {
        const profile = s.providers.get(a.provider);
        if (ctx.caller !== s.admin || profile === undefined) {
          return returned(false);
        }
        profile.reputationScore = a.score; // absolute, unbounded
        return returned(true, [
          {
            contract: 'computeProviderRegistry',
            name: 'ReputationUpdated',
            fields: { provider: a.provider, score: a.score },
          },
        ]);
      }),

      get_provider: m.plain({ provider: 'h160' }, (s, a) => {
        const profile = s.providers.get(a.provider);
        return returned(profile === undefined ? null : { ...profile });
      }),

      get_admin: m.plain({}, (s) => returned(s.admin)),

      get_provider_count: m.plain({}, (s) => returned(s.providerCount)),

      get_min_stake: m.plain({}, (s) => returned(s.minStake)),

      set_min_stake: m.plain({ newMinStake: 'u128' }, (s, a, ctx) => {
        if (ctx.caller !== s.admin) {
          return returned(false);
        }
        s.minStake = a.newMinStake;
        return returned(true);
      }),
    },
  });
