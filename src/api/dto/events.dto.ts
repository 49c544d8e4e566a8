import { createZodDto } from 'nestjs-zod';
import { pageCursorParam, pageLimitParam } from './page-params';
import { z } from 'zod';
import { CONTRACT_NAMES, getContractSpec } from '../../contracts';
import { blockRefSchema, contractNameSchema, hexString, isoTime, palletSchema } from './wire';

/** Every event name of the six contracts, sorted (a filter on another name is a client error). */
export const KNOWN_EVENT_NAMES = [
  ...new Set(CONTRACT_NAMES.flatMap((name) => getContractSpec(name).events.map((e) => e.name))),
].sort() as [string, ...string[]];

/** Block numbers are stored as signed 64-bit integers. */
const MAX_BLOCK = 9_223_372_036_854_775_807n;

const blockParam = z
  .string()
  .regex(/^\d{1,19}$/, 'expected a block number (decimal digits)')
  .transform((v) => BigInt(v))
  .refine((v) => v <= MAX_BLOCK, 'block number too large');

export const EVENTS_DEFAULT_LIMIT = 100;

export const listEventsQuerySchema = z
  .object({
    contract: contractNameSchema.optional(),
    eventName: z.enum(KNOWN_EVENT_NAMES).optional(),
    isFinal: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    fromBlock: blockParam.optional().describe('inclusive'),
    toBlock: blockParam.optional().describe('inclusive'),
    limit: pageLimitParam(EVENTS_DEFAULT_LIMIT),
    cursor: pageCursorParam,
  })
  .refine((q) => q.fromBlock === undefined || q.toBlock === undefined || q.fromBlock <= q.toBlock, {
    message: 'fromBlock must not be above toBlock',
    path: ['fromBlock'],
  });

export type ListEventsQuery = z.output<typeof listEventsQuerySchema>;

export class ListEventsQueryDto extends createZodDto(listEventsQuerySchema) {}

export const chainEventSchema = z.object({
  id: z.string(),
  contract: contractNameSchema,
  contractAddress: hexString,
  pallet: palletSchema,
  eventName: z.string(),
  block: blockRefSchema,
  eventIndex: z.number().int().nonnegative(),
  extrinsicIndex: z.number().int().nonnegative().nullable(),
  isFinal: z.boolean().describe('false: best-block event that a fork may still roll back'),
  topics: z.array(hexString),
  dataHex: hexString,
  decoded: z
    .record(z.unknown())
    .describe('decoded fields, camelCase; u64/u128/U256 as decimal strings, H160/AccountId hex'),
  createdAt: isoTime.describe('when the service stored it'),
});

export const eventsPageSchema = z.object({
  items: z.array(chainEventSchema).describe('newest first'),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next (older) page'),
});

export type EventsPageBody = z.input<typeof eventsPageSchema>;

export class EventsPageDto extends createZodDto(eventsPageSchema) {}
