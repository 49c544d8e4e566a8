import { constructorSpec, type ContractSpec, eventSpec, messageSpec } from '../contract-spec';
import { option, struct, T, unitEnum } from '../scale-type';
import { JOB_STATUSES } from '../types';

export const JOB_STATUS = unitEnum('JobStatus', JOB_STATUSES);

/** `Job`, §3.2; decodes to QueueJob. */
export const JOB = struct('Job', [
  ['id', T.u128],
  ['owner', T.h160],
  ['model_ref', T.string],
  ['data_ref', T.string],
  ['budget', T.u128],
  ['status', JOB_STATUS],
  ['assigned_provider', option(T.h160)],
  ['deadline', T.u32],
  ['privacy_required', T.bool],
]);

/** ai_job_queue, ink! v6 on pallet-revive (§3). */
export const AI_JOB_QUEUE_SPEC: ContractSpec = {
  name: 'aiJobQueue',
  crate: 'ai_job_queue',
  pallet: 'revive',
  messages: [
    constructorSpec([['min_budget', T.u128]]),
    messageSpec(
      'submit_job',
      '0x22d514f9',
      [
        ['model_ref', T.string],
        ['data_ref', T.string],
        ['deadline', T.u32],
        ['privacy_required', T.bool],
      ],
      T.u128,
      { mutates: true, payable: true },
    ),
    messageSpec('get_job', '0x8f0c5a42', [['job_id', T.u128]], option(JOB)),
    messageSpec(
      'assign_provider',
      '0x8ac752e4',
      [
        ['job_id', T.u128],
        ['provider', T.h160],
      ],
      T.bool,
      { mutates: true },
    ),
    messageSpec('mark_in_progress', '0x1d0fac3d', [['job_id', T.u128]], T.bool, { mutates: true }),
    messageSpec(
      'mark_completed',
      '0x62d9ce6f',
      [
        ['job_id', T.u128],
        ['result_hash', T.string],
      ],
      T.bool,
      {
        mutates: true,
      },
    ),
    messageSpec('cancel_job', '0xa23d9011', [['job_id', T.u128]], T.bool, { mutates: true }),
    messageSpec('get_job_counter', '0x80a32d2e', [], T.u128),
    messageSpec('get_min_budget', '0xd0408059', [], T.u128),
    messageSpec('set_min_budget', '0x28fb37cc', [['new_min_budget', T.u128]], T.bool, {
      mutates: true,
    }),
  ],
  events: [
    eventSpec('JobSubmitted', [
      ['job_id', T.u128, 'topic'],
      ['owner', T.h160, 'topic'],
      ['budget', T.u128],
    ]),
    eventSpec('JobAssigned', [
      ['job_id', T.u128, 'topic'],
      ['provider', T.h160, 'topic'],
    ]),
    eventSpec('JobStatusChanged', [
      ['job_id', T.u128, 'topic'],
      ['new_status', JOB_STATUS],
    ]),
    eventSpec('JobCompleted', [
      ['job_id', T.u128, 'topic'],
      ['provider', T.h160, 'topic'],
      ['result_hash', T.string],
    ]),
    eventSpec('JobCancelled', [['job_id', T.u128, 'topic']]),
  ],
};
