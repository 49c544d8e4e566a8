import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { decimalString, isoTime } from './wire';

export const accessChallengeSchema = z.object({
  jobId: decimalString,
  message: z
    .string()
    .describe(
      'polkamesh:read-job:v1:<genesis hash>:<ai_job_queue H160>:<provider H160>:<job id>:<expires at, unix s>; sign it wrapped in <Bytes>…</Bytes> (polkadot-js signRaw)',
    ),
  expiresAt: isoTime,
  header: z.literal('X-PolkaMesh-Owner-Signature').describe('where the signature goes'),
  headerFormat: z
    .string()
    .describe('signer=<SS58 or 0x public key>; message=<message>; signature=<0x signature>'),
});

export type AccessChallengeBody = z.input<typeof accessChallengeSchema>;

export class AccessChallengeResponseDto extends createZodDto(accessChallengeSchema) {}

export const confidentialKeySchema = z.object({
  version: z.literal('pmenc1'),
  publicKey: z
    .string()
    .regex(/^0x[0-9a-f]{64}$/)
    .describe('X25519 public key to seal confidential payloads to (pmenc1:), 0x + 64 hex'),
  provider: z
    .string()
    .regex(/^0x[0-9a-f]{40}$/)
    .describe('the provider H160 this service works as: assign private jobs to it'),
});

export type ConfidentialKeyBody = z.input<typeof confidentialKeySchema>;

export class ConfidentialKeyResponseDto extends createZodDto(confidentialKeySchema) {}
