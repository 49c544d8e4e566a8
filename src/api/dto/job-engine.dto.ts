import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { JOB_WORK_STATES, SETTLEMENT_STATES } from '../../jobs/engine';
import { decimalString, isoTime } from './wire';

const digest = z
  .string()
  .regex(/^sha256:[0-9a-f]{64}$/)
  .describe('sha256: + 64 hex');

export const OUTPUT_INLINE_MAX_BYTES = 64 * 1024;

const outputSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('text'), size: z.number().int(), text: z.string() }),
    z.object({ kind: z.literal('json'), size: z.number().int(), json: z.unknown() }),
    z.object({
      kind: z.literal('reference'),
      size: z.number().int().nullable().describe('null when the content store lacks the blob'),
      ref: z.string().describe('cas:sha256:<hex>, fetchable from the content store'),
    }),
  ])
  .describe(
    `textual outputs (text/*, JSON) up to ${OUTPUT_INLINE_MAX_BYTES} bytes inline, others as a cas: reference`,
  );

export const jobResultSchema = z.object({
  id: decimalString,
  state: z.enum(JOB_WORK_STATES).describe('the job engine state (work ledger)'),
  isFinished: z.boolean().describe('a terminal state: the result will not change any more'),
  attempts: z.number().int().nonnegative(),
  reason: z
    .string()
    .nullable()
    .describe('why it was rejected or failed, or why the last try failed'),
  settlement: z.enum(SETTLEMENT_STATES),
  settlementReason: z.string().nullable(),
  followUpDone: z.boolean().describe('marking, attesting and settling on-chain are finished'),
  discoveredAt: isoTime,
  finishedAt: isoTime.nullable(),
  result: z
    .object({
      inputDigest: digest,
      modelDigest: digest,
      outputDigest: digest,
      outputMediaType: z.string(),
      executorVersion: z.string(),
      summary: z.record(z.union([z.string(), z.number(), z.boolean(), z.null()])),
      artifacts: z
        .record(z.string())
        .describe('content-store digests by role (e.g. a trained model)'),
      durationMs: z.number().nonnegative(),
      output: outputSchema,
    })
    .nullable()
    .describe('null until the job succeeded'),
});

export type JobResultBody = z.input<typeof jobResultSchema>;

export class JobResultResponseDto extends createZodDto(jobResultSchema) {}

export const jobAttestationSchema = z.object({
  id: decimalString,
  signed: z
    .object({
      envelope: z
        .record(z.unknown())
        .describe(
          'attestation envelope v2 (v1 for older jobs), bigints as decimal strings (ADR 0010)',
        ),
      signature: z.string().describe('sr25519, 0x + 128 hex'),
    })
    .nullable()
    .describe("this service's signed attestation; null when the job was not attested by it (yet)"),
  verification: z
    .discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), digest: z.string() }),
      z.object({ ok: z.literal(false), reason: z.string(), message: z.string() }),
    ])
    .nullable()
    .describe('the signature checked against the envelope and its worker key; null without one'),
  onChain: z
    .object({
      confidentialJobId: decimalString,
      resultHash: z.string(),
      attestationProof: z.string(),
      teeWorkerPubkey: z.string(),
      timestamp: isoTime,
      attestationCount: z.number().int(),
      processed: z.boolean(),
    })
    .nullable()
    .describe('phala_job_processor record_attestation of a confidential job naming this job'),
  matchesOnChain: z
    .boolean()
    .nullable()
    .describe(
      'on-chain proof, result hash, worker key and (v2) confidential job id equal ours; null when either is missing',
    ),
  attestationPublicKey: z
    .string()
    .nullable()
    .describe(
      'the sr25519 key (0x + 64 hex) this service signs attestations with now (not a transaction key); a verifier pins it out of band, e.g. with `polkamesh verify-attestation --public-key`; null when this instance runs no job engine',
    ),
});

export type JobAttestationBody = z.input<typeof jobAttestationSchema>;

export class JobAttestationResponseDto extends createZodDto(jobAttestationSchema) {}
