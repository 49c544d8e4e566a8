import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { accountIdBytes, h160FromAccountId, type H160 } from '../../contracts';
import { contractsSchema } from './contracts.dto';
import { h160, JOB_STATUS_VALUES, JOBS_DEFAULT_LIMIT } from './jobs.dto';
import { pageCursorParam, pageLimitParam } from './page-params';
import { statusSchema } from './status.dto';
import { decimalString } from './wire';

/**
 * Shapes the PolkaMesh web frontend reads (spec frontend-and-original-backend.md §3). A field the
 * frontend reads is never `null`: a value that is not known is left out (the frontend then keeps
 * its own default, or shows nothing); `null` made its pages crash (`appId.slice`).
 */
const success = z.literal(true);

/** Planck (10 decimals), the unit the frontend's shapes use for prices. */
const planckPrice = decimalString.describe(
  'planck: the contract-units price / 1e8, rounded up to a whole planck (the least payment that covers it)',
);

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

const frontendJobItemSchema = z.object({
  jobId: decimalString,
  status: z.enum(JOB_STATUS_VALUES),
  owner: h160,
  provider: h160.optional().describe('the assigned provider; absent until one is assigned'),
  modelRef: z.string(),
  dataRef: z.string(),
  budget: decimalString.describe('contract units (planck × 1e8)'),
  deadline: decimalString.describe('block number'),
  privacyRequired: z.boolean(),
  resultHash: z.string().optional().describe('from JobCompleted; absent before'),
});

export const frontendJobSchema = z.object({
  success,
  data: frontendJobItemSchema.extend({
    attestation: frontendAttestationSchema
      .optional()
      .describe('absent until an attestation naming the job is recorded on-chain'),
  }),
  jobId: decimalString.describe('flat copies of data fields, as the original backend returned'),
  status: z.enum(JOB_STATUS_VALUES),
  owner: h160,
  provider: h160.optional(),
  budget: decimalString,
});

export type FrontendJobBody = z.input<typeof frontendJobSchema>;
export class FrontendJobDto extends createZodDto(frontendJobSchema) {}

/**
 * An account as the frontend sends it (the extension's SS58, or hex), as the ai_job_queue sees it:
 * an H160 is taken as is (lowercase); an AccountId32 (SS58 or `0x` + 64 hex) by its 32 bytes,
 * mapped the way pallet-revive maps it (`keccak256(accountId)[12..32]`, or the H160 of an
 * eth-derived account).
 */
export const accountParam = z
  .string()
  .max(128)
  .transform((value, ctx): H160 => {
    if (/^0x[0-9a-fA-F]{40}$/.test(value)) {
      return value.toLowerCase() as H160;
    }
    try {
      return h160FromAccountId(accountIdBytes(value));
    } catch {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'expected an SS58 address, an AccountId32 (0x + 64 hex) or an H160 (0x + 40 hex)',
      });
      return z.NEVER;
    }
  });

export const frontendJobListQuerySchema = z.object({
  owner: accountParam.optional().describe('SS58, AccountId32 hex or H160'),
  status: z.enum(JOB_STATUS_VALUES).optional(),
  limit: pageLimitParam(JOBS_DEFAULT_LIMIT),
  cursor: pageCursorParam,
});

export type FrontendJobListQuery = z.output<typeof frontendJobListQuerySchema>;
export class FrontendJobListQueryDto extends createZodDto(frontendJobListQuerySchema) {}

export const frontendJobListSchema = z.object({
  success,
  count: z.number().int().describe('items on this page'),
  jobs: z.array(frontendJobItemSchema).describe('newest job id first'),
  nextCursor: z.string().optional().describe('absent on the last page'),
});

export type FrontendJobListBody = z.input<typeof frontendJobListSchema>;
export class FrontendJobListDto extends createZodDto(frontendJobListSchema) {}

export const frontendAttestationResponseSchema = z.object({
  success,
  data: frontendAttestationSchema,
});

export type FrontendAttestationBody = z.input<typeof frontendAttestationResponseSchema>;
export class FrontendAttestationDto extends createZodDto(frontendAttestationResponseSchema) {}

export const frontendProviderSchema = z
  .object({
    address: h160,
    endpoint: z.string(),
    computeTypes: z.array(z.string()).describe('not on-chain: always empty'),
    computeUnits: decimalString,
    reputation: z.number().describe('reputation_score / 20 (0–5 scale)'),
    reputationScore: z.number().int(),
    jobsCompleted: z.number().int().describe('projected ai_job_queue jobs Completed by it'),
    pricePerHour: planckPrice.describe('hourly_rate read as contract units, in planck'),
    hourlyRate: decimalString.describe('hourly_rate as stored (contract units)'),
    available: z.boolean(),
    stake: decimalString.describe('contract units'),
  })
  .describe('`location` is not on-chain and is never sent');

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
  dataType: z
    .string()
    .optional()
    .describe('the media type of a `data:` data_uri; absent otherwise (not on-chain)'),
  pricePerAccess: planckPrice.describe('access_price (compared against contract units) in planck'),
  accessPrice: decimalString.describe('access_price as stored (contract units)'),
  subscriberCount: z.number().int().describe('grantees whose access is currently granted'),
  privacyLevel: z
    .enum(['Public', 'Private', 'Confidential'])
    .optional()
    .describe('privacy_level 0, 1, 2; absent for another value (see privacyLevelRaw)'),
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
  data: z
    .object({
      contractAddress: z.string().describe('the phala_job_processor contract'),
      jobsSubmitted: z.number().int(),
      jobsProcessed: z.number().int().describe('confidential jobs marked processed'),
      jobsAttested: z.number().int().describe('confidential jobs with an attestation recorded'),
      successRate: z
        .number()
        .optional()
        .describe(
          '% of processed confidential jobs that carry an attestation; absent: none processed',
        ),
    })
    .describe(
      'no Phala CVM is deployed or monitored, so appId, cvmId, status, uptime, resources and version are never sent',
    ),
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
