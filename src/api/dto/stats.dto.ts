import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { JOB_WORK_STATES, SETTLEMENT_STATES } from '../../jobs/engine';
import { CHAIN_ACTION_STATUSES } from '../../chain/tx';
import { JOB_STATUS_VALUES } from './jobs.dto';
import { decimalString, isoTime } from './wire';

const counts = <T extends string>(keys: readonly [T, ...T[]]) =>
  z.object(
    Object.fromEntries(keys.map((k) => [k, z.number().int().nonnegative()])) as Record<
      T,
      z.ZodNumber
    >,
  );

const escrowState = z.object({
  count: z.number().int().nonnegative(),
  amount: decimalString.describe('summed `amount`, contract units (planck × 1e8)'),
});

export const statsSchema = z.object({
  generatedAt: isoTime,
  events: z.object({
    total: z.number().int(),
    final: z.number().int(),
    tentative: z.number().int(),
    quarantined: z.number().int(),
  }),
  jobs: z
    .object({ byStatus: counts(JOB_STATUS_VALUES) })
    .nullable()
    .describe('ai_job_queue jobs by on-chain status (projection)'),
  queuePerformance: z
    .object({
      totalJobs: z.number().int().nonnegative().describe('ai_job_queue JobSubmitted events stored'),
      completedJobs: z.number().int().nonnegative(),
      cancelledJobs: z.number().int().nonnegative(),
      successRate: z
        .number()
        .nullable()
        .describe('percent: completed / (completed + cancelled); null before any such job'),
      avgProcessingBlocks: z
        .number()
        .nullable()
        .describe('mean JobSubmitted → JobCompleted distance in blocks, over sampledJobs'),
      avgProcessingSeconds: z
        .number()
        .nullable()
        .describe('avgProcessingBlocks × blockTimeMs / 1000 (no block timestamps are stored)'),
      blockTimeMs: z.number().int().describe("the chain's configured block time"),
      sampledJobs: z
        .number()
        .int()
        .nonnegative()
        .describe('newest completed jobs (≤ 1000) whose submission is stored'),
    })
    .describe('from the stored ai_job_queue events: what GET /health summarises'),
  work: z
    .object({
      byState: counts(JOB_WORK_STATES as unknown as readonly [string, ...string[]]),
      bySettlement: counts(SETTLEMENT_STATES as unknown as readonly [string, ...string[]]),
      successRate: z
        .number()
        .nullable()
        .describe('succeeded / (succeeded + failed + expired), percent; null before any'),
      executionMs: z.object({
        count: z.number().int().describe('succeeded jobs with an execution time'),
        p50: z.number().nullable(),
        p95: z.number().nullable(),
      }),
    })
    .nullable()
    .describe("this service's job engine (work ledger); null when it does not run one"),
  escrows: z
    .object({ held: escrowState, released: escrowState, refunded: escrowState })
    .nullable()
    .describe('payment_escrow records; the contract zeroes `amount` on release and refund'),
  chainActions: z
    .object({
      byStatus: counts(CHAIN_ACTION_STATUSES as unknown as readonly [string, ...string[]]),
    })
    .nullable()
    .describe("the outbox of this service's on-chain calls"),
  confidentialJobs: z
    .object({ total: z.number().int(), processed: z.number().int(), attested: z.number().int() })
    .nullable(),
  mev: z
    .object({
      batches: z.number().int(),
      executedBatches: z.number().int(),
      intents: z.number().int(),
      pendingIntents: z
        .number()
        .int()
        .nullable()
        .describe('intents still Pending (not in a batch); null when not read'),
    })
    .nullable(),
});

export type StatsBody = z.input<typeof statsSchema>;

export class StatsResponseDto extends createZodDto(statsSchema) {}
