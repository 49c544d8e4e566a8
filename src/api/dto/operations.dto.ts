import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { PIPELINE_STAGES } from '../../observability';
import { pageCursorParam, pageLimitParam } from './page-params';
import { decimalString, hexString, isoTime, palletSchema } from './wire';

export const PIPELINE_DEFAULT_MINUTES = 30;

export const pipelineQuerySchema = z.object({
  minutes: z
    .string()
    .regex(/^\d{1,3}$/, 'expected an integer from 1 to 180')
    .transform((v) => Number(v))
    .refine((v) => v >= 1 && v <= 180, 'expected an integer from 1 to 180')
    .optional()
    .describe(
      `how many whole minutes, the current one last; 1..180, default ${PIPELINE_DEFAULT_MINUTES}`,
    ),
});

export class PipelineQueryDto extends createZodDto(pipelineQuerySchema) {}

const LATENCY_STAGES = PIPELINE_STAGES.filter((s) => s !== 'seen');

export const pipelineSchema = z.object({
  generatedAt: isoTime,
  stages: z
    .array(z.enum(PIPELINE_STAGES))
    .describe(
      'seen (job event, work discovered) → admitted → running (first attempt) → result (terminal engine state) → attestation (record_attestation finalized) → marks (mark_completed and mark_job_processed finalized) → escrow (released or refunded)',
    ),
  minutes: z
    .array(
      z.object({
        start: isoTime,
        finished: z.number().int().nonnegative().describe('jobs that reached `result` in it'),
        latencyMs: z
          .object(
            Object.fromEntries(LATENCY_STAGES.map((s) => [s, z.number().nonnegative().nullable()])),
          )
          .describe(
            'per stage: mean ms from the previous stage the job reached, over the jobs that reached it in this minute; null: none',
          ),
      }),
    )
    .nullable()
    .describe("oldest first; null when this instance's API has no work ledger view"),
});

export type PipelineBody = z.input<typeof pipelineSchema>;

export class PipelineResponseDto extends createZodDto(pipelineSchema) {}

const total = z.object({
  count: z.number().int().nonnegative(),
  amount: decimalString.describe('contract units (planck × 1e8)'),
});

export const moneySchema = z.object({
  generatedAt: isoTime,
  escrows: z
    .object({ held: total, released: total, refunded: total })
    .nullable()
    .describe(
      'payment_escrow records by state; `amount` is what they hold now (zeroed on settlement)',
    ),
  settled: z
    .object({ released: total, refunded: total })
    .nullable()
    .describe(
      'summed `amount` of the final Released and Refunded events: what was paid out or back',
    ),
  flagged: z
    .object({
      total: z.number().int().nonnegative(),
      items: z.array(
        z.object({
          jobId: decimalString,
          deadlineBlock: decimalString,
          reason: z.string().nullable(),
          flaggedAt: isoTime,
        }),
      ),
    })
    .nullable()
    .describe(
      'escrows past deadline + SETTLEMENT_GRACE_BLOCKS without release or refund, newest first (20 at most)',
    ),
  signers: z
    .array(
      z.object({
        role: z.string(),
        address: z.string(),
        free: decimalString.nullable().describe('free balance, planck; null when unreadable'),
        error: z.string().nullable(),
        minPlanck: decimalString.describe('SIGNER_MIN_BALANCE_PLANCK; 0: no alert'),
        isLow: z.boolean().nullable().describe('free < minPlanck; null when unknown'),
      }),
    )
    .describe("the service's signing keys; empty when it runs no job engine"),
});

export type MoneyBody = z.input<typeof moneySchema>;

export class MoneyResponseDto extends createZodDto(moneySchema) {}

export const QUARANTINE_DEFAULT_LIMIT = 50;

export const listQuarantineQuerySchema = z.object({
  limit: pageLimitParam(QUARANTINE_DEFAULT_LIMIT),
  cursor: pageCursorParam,
});

export class ListQuarantineQueryDto extends createZodDto(listQuarantineQuerySchema) {}

export const quarantinePageSchema = z.object({
  items: z
    .array(
      z.object({
        id: z.string(),
        block: z.object({ number: decimalString, hash: hexString }),
        eventIndex: z.number().int().nonnegative(),
        isFinal: z.boolean(),
        pallet: palletSchema,
        contractAddress: z.string(),
        reason: z.string().describe('why it could not be decoded'),
        topics: z.array(z.string()),
        dataHex: z.string(),
        createdAt: isoTime,
      }),
    )
    .describe('newest first'),
  nextCursor: z.string().nullable(),
});

export type QuarantinePageBody = z.input<typeof quarantinePageSchema>;

export class QuarantinePageDto extends createZodDto(quarantinePageSchema) {}
