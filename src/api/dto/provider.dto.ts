import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { decimalString } from './wire';

const settingsSchema = z.object({
  endpoint: z.string(),
  computeUnits: decimalString,
  hourlyRate: decimalString,
  active: z.boolean(),
});

export const providerViewSchema = z.object({
  provider: z.string().describe('the worker H160, lowercase'),
  desired: settingsSchema.nullable().describe('what the service maintains; null: not configured'),
  onChain: settingsSchema
    .extend({ stake: decimalString, reputation: z.number() })
    .nullable()
    .describe('the finalized registry profile; null: not registered'),
  pendingActions: z.array(z.string()).describe('outbox actions enqueued, not settled yet'),
  state: z
    .enum(['unknown', 'unconfigured', 'pending', 'in-sync', 'blocked'])
    .describe('where the registration stands after the last pass'),
  blockedReason: z.string().nullable().describe('why the profile cannot reach `desired`'),
});

export type ProviderViewBody = z.infer<typeof providerViewSchema>;

export class ProviderViewResponseDto extends createZodDto(providerViewSchema) {}

const MAX_U128 = 2n ** 128n - 1n;

export const providerPatchSchema = z
  .object({
    endpoint: z
      .string()
      .max(256)
      .url()
      .refine((v) => /^https?:\/\//i.test(v), 'expected an http(s) URL')
      .optional(),
    hourlyRate: z
      .string()
      .regex(/^\d{1,39}$/, 'expected a decimal string')
      .transform((v) => BigInt(v))
      .refine((v) => v <= MAX_U128, 'hourlyRate is a u128')
      .optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine(
    (patch) => Object.keys(patch).length > 0,
    'give at least one of endpoint, hourlyRate, active',
  );

export class ProviderPatchDto extends createZodDto(providerPatchSchema) {}
