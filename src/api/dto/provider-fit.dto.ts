import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import type { JobProviderFit } from '../../providers';
import { h160 } from './jobs.dto';
import { decimalString } from './wire';

const MAX_ESTIMATED_SECONDS = 10n ** 9n;

export const providerFitQuerySchema = z.object({
  estimatedSeconds: z
    .string()
    .regex(/^\d{1,10}$/, 'expected a whole number of seconds')
    .transform((v) => BigInt(v))
    .refine((v) => v > 0n && v <= MAX_ESTIMATED_SECONDS, 'between 1 and 1000000000 seconds')
    .optional()
    .describe(
      'expected run time in seconds (default 3600): the quote is hourly_rate × seconds / 3600',
    ),
});

export class ProviderFitQueryDto extends createZodDto(providerFitQuerySchema) {}

const reasonSchema = z.object({
  code: z.enum(['INACTIVE', 'STAKE_BELOW_MIN', 'OVER_BUDGET']),
  message: z.string(),
});

const fitSchema = z.object({
  provider: h160,
  endpoint: z.string(),
  computeUnits: decimalString,
  hourlyRate: decimalString.describe('as registered; compared as contract units per hour'),
  stake: decimalString.describe('contract units (planck × 1e8)'),
  reputation: z.number().int(),
  estimatedCost: decimalString.describe('hourly_rate × estimatedSeconds / 3600, rounded up'),
});

export const providerFitSchema = z.object({
  jobId: decimalString,
  budget: decimalString.describe('contract units (planck × 1e8)'),
  assignedProvider: h160.nullable(),
  minStake: decimalString
    .nullable()
    .describe("the registry's min_stake; null when it could not be read (stake not checked)"),
  estimatedSeconds: decimalString,
  rateUnit: z
    .literal('contract units per hour (assumed: the registry does not fix the unit of hourly_rate)')
    .describe('how hourly_rate is compared with the budget'),
  fits: z.array(fitSchema).describe('best first: reputation, then the lower quote'),
  excluded: z.array(
    z.object({
      provider: h160,
      estimatedCost: decimalString,
      reasons: z.array(reasonSchema).min(1),
    }),
  ),
});

export type ProviderFitBody = z.infer<typeof providerFitSchema>;

export class ProviderFitResponseDto extends createZodDto(providerFitSchema) {}

export function toProviderFitBody(fit: JobProviderFit): ProviderFitBody {
  return {
    jobId: fit.job.id.toString(),
    budget: fit.job.budget.toString(),
    assignedProvider: fit.job.assignedProvider,
    minStake: fit.minStake === null ? null : fit.minStake.toString(),
    estimatedSeconds: fit.estimatedSeconds.toString(),
    rateUnit:
      'contract units per hour (assumed: the registry does not fix the unit of hourly_rate)',
    fits: fit.result.fits.map(({ profile, estimatedCost }) => ({
      provider: profile.provider,
      endpoint: profile.endpoint,
      computeUnits: profile.computeUnits.toString(),
      hourlyRate: profile.hourlyRate.toString(),
      stake: profile.stake.toString(),
      reputation: profile.reputationScore,
      estimatedCost: estimatedCost.toString(),
    })),
    excluded: fit.result.excluded.map((e) => ({
      provider: e.provider,
      estimatedCost: e.estimatedCost.toString(),
      reasons: e.reasons.map((r) => ({ code: r.code, message: r.message })),
    })),
  };
}
