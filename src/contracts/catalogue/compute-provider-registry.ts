import { constructorSpec, type ContractSpec, eventSpec, messageSpec } from '../contract-spec';
import { option, struct, T } from '../scale-type';

/** `ProviderProfile`, §5.2. */
export const PROVIDER_PROFILE = struct('ProviderProfile', [
  ['provider', T.h160],
  ['endpoint', T.string],
  ['compute_units', T.u64],
  ['hourly_rate', T.u128],
  ['registered_at', T.u64],
  ['is_active', T.bool],
  ['stake', T.u128],
  ['reputation_score', T.u32],
]);

/** compute_provider_registry, ink! v6 on pallet-revive (§5). */
export const COMPUTE_PROVIDER_REGISTRY_SPEC: ContractSpec = {
  name: 'computeProviderRegistry',
  crate: 'compute_provider_registry',
  pallet: 'revive',
  messages: [
    constructorSpec([['min_stake', T.u128]]),
    messageSpec(
      'register_provider',
      '0x8f41699a',
      [
        ['endpoint', T.string],
        ['compute_units', T.u64],
        ['hourly_rate', T.u128],
      ],
      T.bool,
      { mutates: true, payable: true },
    ),
    messageSpec(
      'update_provider',
      '0xdc0d676b',
      [
        ['endpoint', T.string],
        ['hourly_rate', T.u128],
      ],
      T.bool,
      {
        mutates: true,
      },
    ),
    messageSpec('set_active', '0xcb5696c3', [['is_active', T.bool]], T.bool, { mutates: true }),
    messageSpec('add_stake', '0x3a656e31', [], T.bool, { mutates: true, payable: true }),
    messageSpec('withdraw_stake', '0x7b229581', [['amount', T.u128]], T.bool, { mutates: true }),
    messageSpec(
      'set_reputation',
      '0x4b527a34',
      [
        ['provider', T.h160],
        ['score', T.u32],
      ],
      T.bool,
      { mutates: true },
    ),
    messageSpec('get_provider', '0x457c7444', [['provider', T.h160]], option(PROVIDER_PROFILE)),
    messageSpec('get_admin', '0x57b8a8a7', [], T.h160),
    messageSpec('get_provider_count', '0xa96a9967', [], T.u64),
    messageSpec('get_min_stake', '0x0e7cdd56', [], T.u128),
    messageSpec('set_min_stake', '0xa01b8acd', [['new_min_stake', T.u128]], T.bool, {
      mutates: true,
    }),
  ],
  events: [
    eventSpec('ProviderRegistered', [
      ['provider', T.h160, 'topic'],
      ['stake', T.u128],
      ['compute_units', T.u64],
    ]),
    eventSpec('ProviderUpdated', [
      ['provider', T.h160, 'topic'],
      ['endpoint', T.string],
      ['hourly_rate', T.u128],
    ]),
    eventSpec('ProviderActiveChanged', [
      ['provider', T.h160, 'topic'],
      ['is_active', T.bool],
    ]),
    eventSpec('StakeAdded', [
      ['provider', T.h160, 'topic'],
      ['amount', T.u128],
    ]),
    eventSpec('StakeWithdrawn', [
      ['provider', T.h160, 'topic'],
      ['amount', T.u128],
    ]),
    eventSpec('ReputationUpdated', [
      ['provider', T.h160, 'topic'],
      ['score', T.u32],
    ]),
  ],
};
