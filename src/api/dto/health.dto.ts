import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CONTRACT_NAME_VALUES, decimalString, palletSchema } from './wire';

const contractActivity = z.object({
  address: z.string().describe('H160 (revive) or AccountId32 hex (contracts), lowercase'),
  pallet: palletSchema,
  lastEventBlock: decimalString.nullable().describe('newest stored event of the contract'),
});

const contractsMap = z.object(
  Object.fromEntries(CONTRACT_NAME_VALUES.map((name) => [name, contractActivity])) as Record<
    (typeof CONTRACT_NAME_VALUES)[number],
    typeof contractActivity
  >,
);

export const healthSchema = z.object({
  status: z
    .enum(['ok', 'degraded', 'down'])
    .describe(
      'down: database unreachable or no trusted RPC endpoint; degraded: not ready or an endpoint untrusted',
    ),
  uptime: z.number().int().nonnegative().describe('seconds since the API started'),
  timestamp: z.string().datetime(),
  contracts: contractsMap.nullable().describe('null when the database is unreachable'),
  performance: z
    .object({
      totalJobs: z.number().int().nonnegative().describe('ai_job_queue JobSubmitted events stored'),
      completedJobs: z.number().int().nonnegative(),
      cancelledJobs: z.number().int().nonnegative(),
      successRate: z
        .number()
        .nullable()
        .describe('percent: completed / (completed + cancelled); null before any such job'),
      avgProcessingTime: z
        .number()
        .nullable()
        .describe(
          'mean JobSubmitted → JobCompleted distance, in blocks (see avgProcessingTimeUnit)',
        ),
      avgProcessingTimeUnit: z.literal('blocks'),
      sampledJobs: z.number().int().nonnegative(),
    })
    .nullable()
    .describe('from stored events; null when the database is unreachable'),
});

export type HealthBody = z.input<typeof healthSchema>;

export class HealthResponseDto extends createZodDto(healthSchema) {}

export const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready', 'draining']),
  reasons: z.array(
    z.object({
      code: z.enum([
        'DATABASE_UNREACHABLE',
        'NO_TRUSTED_ENDPOINT',
        'CHAIN_HEAD_UNKNOWN',
        'NO_FINALIZED_CURSOR',
        'FINALITY_LAG',
        'DRAINING',
        'SIGNER_BALANCE_LOW',
      ]),
      message: z.string(),
    }),
  ),
  lagBlocks: z.number().int().nonnegative().nullable(),
  maxLagBlocks: z.number().int().nonnegative(),
});

export type ReadinessBody = z.input<typeof readinessSchema>;

export class ReadinessResponseDto extends createZodDto(readinessSchema) {}
