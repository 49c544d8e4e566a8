import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import type { ContractName } from '../../contracts';

/** The contract states /health reports (see ContractHealth in src/observability). */
export const CONTRACT_HEALTH_VALUES = ['active', 'unreachable', 'unknown'] as const;

const contractState = z
  .enum(CONTRACT_HEALTH_VALUES)
  .describe(
    'active: a dry run of a cheap getter answered; unreachable: the chain answered but the contract did not (none at the address, trap, revert, undecodable); unknown: it could not be asked (no trusted RPC endpoint, timeout, unmapped dry-run origin)',
  );

/** Keyed as the original backend's README documents /health, plus the two other contracts. */
export const HEALTH_CONTRACT_KEYS = {
  paymentEscrow: 'paymentEscrow',
  jobQueue: 'aiJobQueue',
  phalaProcessor: 'phalaJobProcessor',
  mevProtection: 'mevProtection',
  computeProviderRegistry: 'computeProviderRegistry',
  dataNftRegistry: 'dataNftRegistry',
} as const satisfies Record<string, ContractName>;

type HealthContractKey = keyof typeof HEALTH_CONTRACT_KEYS;

const contractsMap = z
  .object(
    Object.fromEntries(
      Object.keys(HEALTH_CONTRACT_KEYS).map((key) => [key, contractState]),
    ) as Record<HealthContractKey, typeof contractState>,
  )
  .describe('each contract by its key in the original README; details in GET /contracts');

export const healthSchema = z.object({
  status: z
    .enum(['ok', 'degraded', 'down'])
    .describe(
      'down: database unreachable or no trusted RPC endpoint; degraded: not ready or an endpoint untrusted',
    ),
  uptime: z.number().int().nonnegative().describe('seconds since the API started'),
  timestamp: z.string().datetime(),
  contracts: contractsMap,
  performance: z
    .object({
      totalJobs: z.number().int().nonnegative().describe('ai_job_queue JobSubmitted events stored'),
      successRate: z
        .string()
        .regex(/^\d+\.\d%$/)
        .optional()
        .describe('completed / (completed + cancelled) jobs, e.g. "95.8%"; absent before any'),
      avgProcessingTime: z
        .string()
        .regex(/^\d+\.\ds$/)
        .optional()
        .describe(
          'mean JobSubmitted → JobCompleted time, e.g. "2.3s": the block distance × the block time (no block timestamps are stored); absent before any completed job. Blocks and the sample in GET /stats',
        ),
    })
    .optional()
    .describe('from stored events; absent when the database is unreachable'),
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
        'STARTING',
        'JOB_ENGINE_UNHEALTHY',
        'TX_MANAGER_UNHEALTHY',
        'PART_UNHEALTHY',
      ]),
      message: z.string(),
    }),
  ),
  lagBlocks: z.number().int().nonnegative().nullable(),
  maxLagBlocks: z.number().int().nonnegative(),
});

export type ReadinessBody = z.input<typeof readinessSchema>;

export class ReadinessResponseDto extends createZodDto(readinessSchema) {}
