import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { decimalString, hexString, isoTime } from './wire';

const cursorSchema = z
  .object({ number: decimalString, hash: hexString, updatedAt: isoTime })
  .nullable();

const endpointSchema = z.object({
  endpoint: z.string().describe('scheme and host only; paths may hold API keys'),
  status: z.enum(['idle', 'connecting', 'connected', 'reconnecting', 'stopped']),
  isActive: z.boolean(),
  isTrusted: z.boolean(),
  distrustReason: z.string().nullable(),
  score: z.number().describe('0..100'),
  latencyMs: z.number().nullable(),
  bestNumber: decimalString.nullable(),
  finalizedNumber: decimalString.nullable(),
  headAgeMs: z.number().nullable(),
  consecutiveFailures: z.number().int(),
  stallCount: z.number().int(),
});

export const statusSchema = z.object({
  chain: z.object({
    name: z.string().nullable().describe('CHAIN_NAME, a display name; null when not configured'),
    finalizedHead: z
      .object({ number: decimalString, hash: hexString.nullable() })
      .nullable()
      .describe("the chain's finalized head; hash null when only an endpoint's number is known"),
  }),
  cursors: z.object({ best: cursorSchema, finalized: cursorSchema }),
  lagBlocks: z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .describe('chain finalized head minus the finalized cursor'),
  lagSeconds: z
    .number()
    .nonnegative()
    .nullable()
    .describe(
      'while the finalized cursor is behind the chain: seconds since it last advanced; 0 when caught up',
    ),
  leader: z
    .object({
      instanceId: z.string().describe('INSTANCE_ID of the chain-follower lease holder'),
      expiresAt: isoTime,
      isExpired: z.boolean().describe('the holder stopped renewing; a standby may take over'),
      isThisInstance: z.boolean().nullable().describe('null when this instance has no id'),
    })
    .nullable()
    .describe('who follows the chain (the lease holder); null when unknown'),
  database: z.object({ isReachable: z.boolean() }),
  endpoints: z.array(endpointSchema),
  events: z
    .object({
      total: z.number().int().nonnegative(),
      final: z.number().int().nonnegative(),
      tentative: z.number().int().nonnegative(),
    })
    .nullable(),
  quarantined: z.number().int().nonnegative().nullable(),
});

export type StatusBody = z.input<typeof statusSchema>;

export class StatusResponseDto extends createZodDto(statusSchema) {}
