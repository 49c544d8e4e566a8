import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CONTRACT_HEALTH_VALUES } from './health.dto';
import { contractNameSchema, decimalString, palletSchema } from './wire';

export const contractsSchema = z.object({
  items: z.array(
    z.object({
      name: contractNameSchema,
      pallet: palletSchema,
      address: z.string().describe('H160 (revive) or AccountId32 hex (contracts), lowercase'),
      ss58: z.string().nullable().describe('pallet-contracts contracts only (prefix 42)'),
      codeHash: z
        .string()
        .nullable()
        .describe('from abis/paseo-deployments.json when the address is the Paseo deployment'),
      reachable: z.boolean().describe('a dry run of `getter` returned a value'),
      state: z
        .enum(CONTRACT_HEALTH_VALUES)
        .describe('as GET /health reports it: active, unreachable or unknown (see there)'),
      getter: z.string(),
      reachError: z.string().nullable(),
      lastEventBlock: decimalString
        .nullable()
        .describe(
          'newest stored event of the contract; null when none (or the store is unreadable)',
        ),
    }),
  ),
});

export type ContractsBody = z.input<typeof contractsSchema>;

export class ContractsResponseDto extends createZodDto(contractsSchema) {}
