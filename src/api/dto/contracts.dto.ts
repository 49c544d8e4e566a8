import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { contractNameSchema, palletSchema } from './wire';

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
      getter: z.string(),
      reachError: z.string().nullable(),
    }),
  ),
});

export type ContractsBody = z.input<typeof contractsSchema>;

export class ContractsResponseDto extends createZodDto(contractsSchema) {}
