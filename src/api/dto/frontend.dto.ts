import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { contractsSchema } from './contracts.dto';
import { h160, JOB_STATUS_VALUES } from './jobs.dto';
import { statusSchema } from './status.dto';
import { decimalString } from './wire';

/** Shapes the PolkaMesh web frontend reads (spec frontend-and-original-backend.md §3). */
const success = z.literal(true);

/** A u128 as a JSON number where the frontend reads a number and it is below 2^53, else a string. */
const safeId = z.union([z.number().int().nonnegative(), decimalString]);

export const frontendAttestationSchema = z
  .object({
    job_id: safeId.describe('the confidential job id (phala_job_processor), as on-chain'),
    queue_job_id: safeId.describe('the ai_job_queue job named by the payload'),
    result_hash: z.string(),
    attestation_proof: z.string(),
    tee_worker_pubkey: z.string(),
    timestamp: z.number().int().describe('unix seconds (the on-chain value is ms)'),
    verified: z
      .boolean()
      .describe(
        "true when this service's signed attestation verifies (sr25519) and is the one recorded on-chain; not a TEE quote",
      ),
    processed: z.boolean().describe('mark_job_processed was called for the confidential job'),
    attestation_count: z.number().int().describe('how often record_attestation overwrote it'),
  })
  .describe('JobAttestation of phala_job_processor, snake_case as its toJSON');

export const frontendJobSchema = z.object({
  success,
  data: z.object({
    jobId: decimalString,
    status: z.enum(JOB_STATUS_VALUES),
    owner: h160,
    provider: h160.nullable(),
    modelRef: z.string(),
    dataRef: z.string(),
    budget: decimalString.describe('contract units (planck × 1e8)'),
    deadline: decimalString.describe('block number'),
    privacyRequired: z.boolean(),
    resultHash: z.string().nullable(),
    attestation: frontendAttestationSchema.nullable(),
  }),
  jobId: decimalString.describe('flat copies of data fields, as the original backend returned'),
  status: z.enum(JOB_STATUS_VALUES),
  owner: h160,
  provider: h160.nullable(),
  budget: decimalString,
});

export type FrontendJobBody = z.input<typeof frontendJobSchema>;
export class FrontendJobDto extends createZodDto(frontendJobSchema) {}

export const frontendAttestationResponseSchema = z.object({
  success,
  data: frontendAttestationSchema,
});

export type FrontendAttestationBody = z.input<typeof frontendAttestationResponseSchema>;
export class FrontendAttestationDto extends createZodDto(frontendAttestationResponseSchema) {}

export const frontendProviderSchema = z.object({
  address: h160,
  endpoint: z.string(),
  location: z.null().describe('not on-chain'),
  computeTypes: z.array(z.string()).describe('not on-chain: always empty'),
  computeUnits: decimalString,
  reputation: z.number().describe('reputation_score / 20 (0–5 scale)'),
  reputationScore: z.number().int(),
  jobsCompleted: z.number().int().describe('projected ai_job_queue jobs Completed by it'),
  pricePerHour: decimalString.describe('hourly_rate as stored (the contract never converts it)'),
  available: z.boolean(),
  stake: decimalString.describe('contract units'),
});

export const frontendProvidersSchema = z.object({
  success,
  count: z.number().int(),
  providers: z.array(frontendProviderSchema),
  source: z.literal('blockchain'),
});

export type FrontendProvidersBody = z.input<typeof frontendProvidersSchema>;
export class FrontendProvidersDto extends createZodDto(frontendProvidersSchema) {}

export const frontendDataNftSchema = z.object({
  tokenId: decimalString,
  name: z.string().describe('`Data NFT #<tokenId>`'),
  description: z.string().describe('the data_uri'),
  dataUri: z.string(),
  dataType: z.null().describe('not on-chain'),
  pricePerAccess: decimalString.describe('access_price, contract units'),
  subscriberCount: z.number().int().describe('grantees whose access is currently granted'),
  privacyLevel: z.enum(['Public', 'Private', 'Confidential']).nullable(),
  privacyLevelRaw: z.number().int(),
  owner: h160,
  isTransferable: z.boolean(),
});

export const frontendDataNftsSchema = z.object({
  success,
  count: z.number().int(),
  dataNfts: z.array(frontendDataNftSchema).describe('live (not burned) tokens by id'),
  nfts: z.array(frontendDataNftSchema).describe('the same list (the original backend key)'),
  source: z.literal('blockchain'),
});

export type FrontendDataNftsBody = z.input<typeof frontendDataNftsSchema>;
export class FrontendDataNftsDto extends createZodDto(frontendDataNftsSchema) {}

export const phalaStatusSchema = z.object({
  success,
  data: z.object({
    appId: z.null().describe('no Phala CVM is deployed or monitored'),
    cvmId: z.null(),
    status: z.null(),
    uptime: z.null(),
    resources: z.null(),
    version: z.null(),
    contractAddress: z.string().describe('the phala_job_processor contract'),
    jobsSubmitted: z.number().int(),
    jobsProcessed: z.number().int().describe('confidential jobs marked processed'),
    jobsAttested: z.number().int().describe('confidential jobs with an attestation recorded'),
    successRate: z
      .number()
      .nullable()
      .describe('% of processed confidential jobs that carry an attestation; null: none processed'),
  }),
  note: z.string(),
});

export type PhalaStatusBody = z.input<typeof phalaStatusSchema>;
export class PhalaStatusDto extends createZodDto(phalaStatusSchema) {}

const signedDecimal = z
  .string()
  .regex(/^-?\d+$/)
  .describe('signed integer as a decimal string');

export const mevSavingsSchema = z.object({
  success,
  data: z.object({
    totalSaved: signedDecimal.describe('Σ (total_output_amount − total_input_amount)'),
    batchesExecuted: z.number().int(),
    intentsExecuted: z.number().int(),
    totalVolume: decimalString.describe('Σ total_input_amount (the intents’ min_output)'),
    totalOutput: decimalString.describe('Σ total_output_amount (the executor’s actual_output)'),
    batches: z.array(
      z.object({
        batchId: decimalString,
        intentCount: z.number().int(),
        totalInput: decimalString,
        totalOutput: decimalString,
        saved: signedDecimal,
        executionPrice: z.string(),
        executionCount: z.number().int(),
      }),
    ),
  }),
  formula: z.string(),
});

export type MevSavingsBody = z.input<typeof mevSavingsSchema>;
export class MevSavingsDto extends createZodDto(mevSavingsSchema) {}

export const apiStatusSchema = z.object({ success, data: statusSchema });
export type ApiStatusBody = z.input<typeof apiStatusSchema>;
export class ApiStatusDto extends createZodDto(apiStatusSchema) {}

export const apiContractsSchema = z.object({ success, data: contractsSchema });
export type ApiContractsBody = z.input<typeof apiContractsSchema>;
export class ApiContractsDto extends createZodDto(apiContractsSchema) {}
