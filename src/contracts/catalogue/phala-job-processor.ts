import { constructorSpec, type ContractSpec, eventSpec, messageSpec } from '../contract-spec';
import { option, struct, T } from '../scale-type';

/** `ConfidentialJob`, §7.2. */
export const CONFIDENTIAL_JOB = struct('ConfidentialJob', [
  ['job_id', T.u128],
  ['owner', T.accountId],
  ['encrypted_payload', T.string],
  ['public_key', T.string],
  ['created_at', T.u64],
  ['processed', T.bool],
]);

/** `JobAttestation`, §7.2. */
export const JOB_ATTESTATION = struct('JobAttestation', [
  ['job_id', T.u128],
  ['result_hash', T.string],
  ['attestation_proof', T.string],
  ['tee_worker_pubkey', T.string],
  ['timestamp', T.u64],
]);

/** phala_job_processor, ink! 5 on pallet-contracts (§7). */
export const PHALA_JOB_PROCESSOR_SPEC: ContractSpec = {
  name: 'phalaJobProcessor',
  crate: 'phala_job_processor',
  pallet: 'contracts',
  messages: [
    constructorSpec(),
    messageSpec(
      'submit_confidential_job',
      '0x89fef704',
      [
        ['encrypted_payload', T.string],
        ['public_key', T.string],
      ],
      T.u128,
      { mutates: true },
    ),
    messageSpec(
      'record_attestation',
      '0xde7387a1',
      [
        ['job_id', T.u128],
        ['result_hash', T.string],
        ['attestation_proof', T.string],
        ['tee_worker_pubkey', T.string],
      ],
      T.bool,
      { mutates: true },
    ),
    messageSpec('get_job', '0x8f0c5a42', [['job_id', T.u128]], option(CONFIDENTIAL_JOB)),
    messageSpec('get_attestation', '0x7546d261', [['job_id', T.u128]], option(JOB_ATTESTATION)),
    messageSpec('get_job_counter', '0x80a32d2e', [], T.u128),
    messageSpec('verify_attestation', '0x28f102c7', [['job_id', T.u128]], T.bool),
    messageSpec('mark_job_processed', '0x2ae88613', [['job_id', T.u128]], T.bool, {
      mutates: true,
    }),
  ],
  events: [
    eventSpec('JobSubmitted', [['job_id', T.u128, 'topic']]),
    eventSpec('AttestationRecorded', [['job_id', T.u128, 'topic']]),
    eventSpec('JobProcessed', [['job_id', T.u128, 'topic']]),
  ],
};
