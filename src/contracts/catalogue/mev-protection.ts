import { constructorSpec, type ContractSpec, eventSpec, messageSpec } from '../contract-spec';
import { option, struct, T, tuple, unitEnum, vec } from '../scale-type';
import { INTENT_STATUSES } from '../types';

export const INTENT_STATUS = unitEnum('IntentStatus', INTENT_STATUSES);

/** `Intent`, §8.2. */
export const INTENT = struct('Intent', [
  ['intent_id', T.u128],
  ['user', T.accountId],
  ['encrypted_intent', T.string],
  ['token_in', T.string],
  ['token_out', T.string],
  ['min_output', T.u128],
  ['status', INTENT_STATUS],
  ['created_at', T.u64],
  ['batch_id', option(T.u128)],
]);

/** `Batch`, §8.2. */
export const BATCH = struct('Batch', [
  ['batch_id', T.u128],
  ['intent_ids', vec(T.u128)],
  ['intent_count', T.u32],
  ['total_volume', T.u128],
  ['execution_route', T.string],
  ['status', INTENT_STATUS],
  ['created_at', T.u64],
  ['executed_at', option(T.u64)],
]);

/** `BatchResult`, §8.2. */
export const BATCH_RESULT = struct('BatchResult', [
  ['batch_id', T.u128],
  ['success', T.bool],
  ['total_input_amount', T.u128],
  ['total_output_amount', T.u128],
  ['execution_price', T.string],
  ['timestamp', T.u64],
]);

/** mev_protection, ink! 5 on pallet-contracts (§8). */
export const MEV_PROTECTION_SPEC: ContractSpec = {
  name: 'mevProtection',
  crate: 'mev_protection',
  pallet: 'contracts',
  messages: [
    constructorSpec(),
    messageSpec(
      'submit_intent',
      '0x199cb56d',
      [
        ['encrypted_intent', T.string],
        ['token_in', T.string],
        ['token_out', T.string],
        ['min_output', T.u128],
      ],
      T.u128,
      { mutates: true },
    ),
    messageSpec(
      'create_batch',
      '0x2dee6cd2',
      [
        ['intent_ids', vec(T.u128)],
        ['execution_route', T.string],
      ],
      T.u128,
      {
        mutates: true,
      },
    ),
    messageSpec(
      'execute_batch',
      '0x623c4880',
      [
        ['batch_id', T.u128],
        ['actual_output', T.u128],
        ['execution_price', T.string],
      ],
      T.bool,
      { mutates: true },
    ),
    messageSpec('get_intent', '0x8cfde611', [['intent_id', T.u128]], option(INTENT)),
    messageSpec('get_batch', '0x724c4607', [['batch_id', T.u128]], option(BATCH)),
    messageSpec('get_batch_result', '0x39b5ca00', [['batch_id', T.u128]], option(BATCH_RESULT)),
    messageSpec('get_intent_counter', '0x70dbfa23', [], T.u128),
    messageSpec('get_batch_counter', '0x4a9df465', [], T.u128),
    messageSpec('get_pending_intents', '0x55390161', [], T.u32),
    messageSpec(
      'get_batch_stats',
      '0xc6f74627',
      [['batch_id', T.u128]],
      tuple(T.u32, T.u128, T.bool),
    ),
    messageSpec(
      'set_batch_config',
      '0xb4ab561c',
      [
        ['batch_size', T.u32],
        ['min_batch_size', T.u32],
      ],
      T.bool,
      {
        mutates: true,
      },
    ),
  ],
  events: [
    eventSpec('IntentSubmitted', [['intent_id', T.u128, 'topic']]),
    eventSpec('BatchCreated', [['batch_id', T.u128, 'topic']]),
    eventSpec('BatchExecuted', [['batch_id', T.u128, 'topic']]),
  ],
};
