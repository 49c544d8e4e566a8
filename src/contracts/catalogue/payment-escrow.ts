import {
  constructorSpec,
  type ContractSpec,
  eventSpec,
  messageSpec,
  signatureTopic,
} from '../contract-spec';
import { option, struct, T } from '../scale-type';

/** `Escrow`, deployed v6 layout (§4.2); decodes to Escrow. */
export const ESCROW = struct('Escrow', [
  ['owner', T.h160],
  ['provider', option(T.h160)],
  ['amount', T.u256],
  ['released', T.bool],
  ['refunded', T.bool],
]);

/**
 * payment_escrow as DEPLOYED: ink! v6 on pallet-revive with H160 / U256 (§4.2–§4.5).
 * abis/payment_escrow.json is a stale ink! 5 build; abis/payment_escrow.v6.json describes this one.
 */
export const PAYMENT_ESCROW_SPEC: ContractSpec = {
  name: 'paymentEscrow',
  crate: 'payment_escrow',
  pallet: 'revive',
  messages: [
    constructorSpec(),
    messageSpec(
      'deposit_for_job',
      '0x3ef41400',
      [
        ['job_id', T.u128],
        ['provider', T.h160],
      ],
      T.bool,
      {
        mutates: true,
        payable: true,
      },
    ),
    messageSpec(
      'set_provider',
      '0x9962531f',
      [
        ['job_id', T.u128],
        ['provider', T.h160],
      ],
      T.bool,
      { mutates: true },
    ),
    messageSpec('release_to_provider', '0x437ab00a', [['job_id', T.u128]], T.bool, {
      mutates: true,
    }),
    messageSpec('refund_to_owner', '0x106f1eac', [['job_id', T.u128]], T.bool, { mutates: true }),
    messageSpec('get_escrow', '0x5d715835', [['job_id', T.u128]], option(ESCROW)),
    messageSpec('get_admin', '0x57b8a8a7', [], T.h160),
  ],
  events: [
    eventSpec('Deposited', [
      ['job_id', T.u128, 'topic'],
      ['owner', T.h160, 'topic'],
      ['provider', T.h160, 'topic'],
      ['amount', T.u256],
    ]),
    eventSpec('Released', [
      ['job_id', T.u128, 'topic'],
      ['provider', T.h160, 'topic'],
      ['amount', T.u256],
    ]),
    eventSpec('Refunded', [
      ['job_id', T.u128, 'topic'],
      ['owner', T.h160, 'topic'],
      ['amount', T.u256],
    ]),
    eventSpec('ProviderSet', [
      ['job_id', T.u128, 'topic'],
      ['provider', T.h160, 'topic'],
    ]),
  ],
};

/** Signatures of the stale ink! 5 escrow build (§4.6); recognised only to report them clearly. */
export const STALE_ESCROW_V5_SIGNATURES = [
  'Deposited(u128,AccountId,AccountId,u128)',
  'Released(u128,AccountId,u128)',
  'Refunded(u128,AccountId,u128)',
  'ProviderSet(u128,AccountId)',
] as const;

export const STALE_ESCROW_V5_TOPICS: ReadonlyMap<string, string> = new Map(
  STALE_ESCROW_V5_SIGNATURES.map((s) => [signatureTopic(s), s]),
);
