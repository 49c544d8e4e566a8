import type { AccountIdHex, ConfidentialJob, JobAttestation } from '../../src/contracts';
import { U128_MAX, returned, saturatingAdd, type ContractModel } from './contract-model';
import { defineModel, messageBuilder } from './define-model';

/** Storage of `phala_job_processor` (spec §7.3). Addresses are 32-byte AccountIds. */
export interface PhalaJobProcessorState {
  /** the deployer; never used, no getter */
  admin: AccountIdHex;
  /** its own counter, unrelated to ai_job_queue IDs */
  jobCounter: bigint;
  jobs: Map<bigint, ConfidentialJob>;
  attestations: Map<bigint, JobAttestation>;
}

const m = messageBuilder<PhalaJobProcessorState>();

/**
 * `phala_job_processor` (spec §7), ink! v5 on pallet-contracts. No access control and no
 * verification: anyone may (re)write an attestation and mark a job processed, repeatedly (§7.6).
 */
export const phalaJobProcessorModel: ContractModel<PhalaJobProcessorState> =
  defineModel<PhalaJobProcessorState>({
    name: 'phalaJobProcessor',
    genesis: (admin) => ({
      admin,
      jobCounter: 0n,
      jobs: new Map(),
      attestations: new Map(),
    }),
    messages: {
      submit_confidential_job: m.plain(
        { encryptedPayload: 'string', publicKey: 'string' },
        (s, a, ctx) => {
          const jobId = saturatingAdd(s.jobCounter, 1n, U128_MAX);
          s.jobCounter = jobId;
          s.jobs.set(jobId, {
            jobId,
            owner: ctx.caller,
            encryptedPayload: a.encryptedPayload,
            publicKey: a.publicKey,
            createdAt: ctx.timestamp,
            processed: false,
          });
          return returned(jobId, [
            { contract: 'phalaJobProcessor', name: 'JobSubmitted', fields: { jobId } },
          ]);
        },
      ),

      record_attestation: m.plain(
        {
          jobId: 'u128',
          resultHash: 'string',
          attestationProof: 'string',
          teeWorkerPubkey: 'string',
        },
        (s, a, ctx) => {
          if (!s.jobs.has(a.jobId)) {
            return returned(false);
          }
          // overwrites any earlier attestation, even after the job was processed
          s.attestations.set(a.jobId, {
            jobId: a.jobId,
            resultHash: a.resultHash,
            attestationProof: a.attestationProof,
            teeWorkerPubkey: a.teeWorkerPubkey,
            timestamp: ctx.timestamp,
          });
          return returned(true, [
            {
              contract: 'phalaJobProcessor',
              name: 'AttestationRecorded',
              fields: { jobId: a.jobId },
            },
          ]);
        },
      ),

      get_job: m.plain({ jobId: 'u128' }, (s, a) => {
        const job = s.jobs.get(a.jobId);
        return returned(job === undefined ? null : { ...job });
      }),

      get_attestation: m.plain({ jobId: 'u128' }, (s, a) => {
        const attestation = s.attestations.get(a.jobId);
        return returned(attestation === undefined ? null : { ...attestation });
      }),

      get_job_counter: m.plain({}, (s) => returned(s.jobCounter)),

      // "verification" only means that a record exists (§7.7.1)
      verify_attestation: m.plain({ jobId: 'u128' }, (s, a) =>
        returned(s.attestations.has(a.jobId)),
      ),

      mark_job_processed: m.plain({ jobId: 'u128' }, (s, a) => {
        const job = s.jobs.get(a.jobId);
        if (job === undefined || !s.attestations.has(a.jobId)) {
          return returned(false);
        }
        job.processed = true; // repeatable, re-emitting each time
        return returned(true, [
          { contract: 'phalaJobProcessor', name: 'JobProcessed', fields: { jobId: a.jobId } },
        ]);
      }),
    },
  });
