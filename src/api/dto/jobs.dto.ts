import { createZodDto } from 'nestjs-zod';
import { pageCursorParam, pageLimitParam } from './page-params';
import { z } from 'zod';
import type { H160 } from '../../contracts';
import { decimalString, isoTime } from './wire';

/** Statuses of ai_job_queue (there is no `Failed` on-chain). */
export const JOB_STATUS_VALUES = [
  'Registered',
  'Assigned',
  'InProgress',
  'Completed',
  'Cancelled',
] as const;

export const h160Param = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'expected an H160 address (0x + 40 hex)')
  .transform((v) => v.toLowerCase() as H160);

export const h160 = z
  .string()
  .regex(/^0x[0-9a-f]{40}$/)
  .describe('H160, lowercase');

export const JOBS_DEFAULT_LIMIT = 50;

export const jobIdParamSchema = z.object({
  id: z
    .string()
    .regex(/^\d{1,39}$/, 'expected a job id (decimal digits)')
    .transform((v) => BigInt(v))
    .refine((v) => v < 2n ** 128n, 'job id is a u128'),
});

export class JobIdParamDto extends createZodDto(jobIdParamSchema) {}

export const listJobsQuerySchema = z.object({
  status: z.enum(JOB_STATUS_VALUES).optional(),
  owner: h160Param.optional(),
  provider: h160Param.optional().describe('the assigned provider'),
  model: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .describe('modelRef equal to this, or starting with it and `:` (`ocr` matches `ocr:pp-ocrv4`)'),
  limit: pageLimitParam(JOBS_DEFAULT_LIMIT),
  cursor: pageCursorParam,
});

export type ListJobsQueryInput = z.output<typeof listJobsQuerySchema>;

export class ListJobsQueryDto extends createZodDto(listJobsQuerySchema) {}

const escrowSchema = z
  .object({
    owner: h160,
    provider: h160.nullable(),
    amount: decimalString.describe('contract units (planck × 1e8)'),
    released: z.boolean(),
    refunded: z.boolean(),
    depositedBlock: decimalString.nullable(),
  })
  .describe('payment_escrow record of the same job id, null when none was deposited');

export const jobSchema = z.object({
  id: decimalString,
  owner: h160,
  modelRef: z
    .string()
    .describe('as on-chain; "withheld" for a private job read without its owner\'s signature'),
  dataRef: z
    .string()
    .describe('as on-chain; "withheld" for a private job read without its owner\'s signature'),
  areRefsWithheld: z
    .boolean()
    .describe(
      'modelRef and dataRef are withheld: the job is private and the caller is neither its owner (X-PolkaMesh-Owner-Signature) nor holds a jobs:read-private token',
    ),
  budget: decimalString.describe('contract units (planck × 1e8), as stored on-chain'),
  status: z.enum(JOB_STATUS_VALUES),
  assignedProvider: h160.nullable(),
  deadline: decimalString.describe('block number'),
  privacyRequired: z.boolean(),
  resultHash: z.string().nullable().describe('from JobCompleted'),
  completedBy: h160.nullable(),
  cancelCount: z.number().int().nonnegative(),
  submittedBlock: decimalString.nullable().describe('null when the row came from a seed'),
  updatedBlock: decimalString.describe('block of the last event applied'),
  escrow: escrowSchema.nullable(),
});

export type JobBody = z.input<typeof jobSchema>;

export class JobResponseDto extends createZodDto(jobSchema) {}

export const jobsPageSchema = z.object({
  items: z.array(jobSchema).describe('newest job id first'),
  nextCursor: z.string().nullable(),
});

export type JobsPageBody = z.input<typeof jobsPageSchema>;

export class JobsPageDto extends createZodDto(jobsPageSchema) {}

export const jobStatusSchema = z.object({
  id: decimalString,
  status: z.enum(JOB_STATUS_VALUES),
  assignedProvider: h160.nullable(),
  updatedBlock: decimalString,
});

export type JobStatusBody = z.input<typeof jobStatusSchema>;

export class JobStatusResponseDto extends createZodDto(jobStatusSchema) {}

export const TIMELINE_STAGES = [
  'submitted',
  'deposited',
  'assigned',
  'statusChanged',
  'completed',
  'cancelled',
  'released',
  'refunded',
  'providerSet',
] as const;

export const timelineSchema = z.object({
  id: decimalString,
  stages: z
    .array(
      z.object({
        stage: z.enum(TIMELINE_STAGES),
        contract: z.enum(['aiJobQueue', 'paymentEscrow']),
        eventName: z.string(),
        block: decimalString,
        eventIndex: z.number().int().nonnegative(),
        isFinal: z.boolean(),
        blocksSincePrevious: decimalString
          .nullable()
          .describe('block difference to the previous stage; null for the first'),
        blocksSinceSubmitted: decimalString.nullable(),
        details: z.record(z.unknown()).describe('the decoded event fields'),
      }),
    )
    .describe('every stored event of this job id, oldest first'),
  engine: z
    .array(
      z.object({
        stage: z
          .string()
          .describe(
            'discovered, admitted, rejected, queued, running, retry-scheduled, succeeded, failed, expired, cancelled, attestation-bound, settlement-<state>, follow-up-done',
          ),
        at: isoTime,
        detail: z
          .string()
          .nullable()
          .describe('"withheld" for a private job read without its owner\'s signature'),
        msSincePrevious: z.number().nonnegative().nullable(),
        msSinceDiscovered: z.number().nonnegative().nullable(),
      }),
    )
    .nullable()
    .describe(
      "the job engine's stages (work ledger), oldest first; null when it did not work the job",
    ),
  merged: z
    .array(
      z.object({
        source: z.enum(['chain', 'engine']),
        stage: z.string(),
        at: isoTime.describe('engine: when it happened; chain: when this service stored the event'),
        block: decimalString.nullable().describe('chain stages only'),
        msSincePrevious: z.number().nonnegative().nullable(),
        blocksSincePrevious: decimalString
          .nullable()
          .describe('to the previous stage that has a block; null for engine stages'),
      }),
    )
    .describe('chain and engine stages in one list, by time'),
});

export type TimelineBody = z.input<typeof timelineSchema>;

export class TimelineResponseDto extends createZodDto(timelineSchema) {}
