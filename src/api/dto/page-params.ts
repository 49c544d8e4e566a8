import { z } from 'zod';

/** `limit` query parameter of a paged listing: 1..1000, default stated in the docs. */
export function pageLimitParam(defaultLimit: number) {
  return z
    .string()
    .regex(/^\d{1,4}$/, 'expected an integer from 1 to 1000')
    .transform((v) => Number(v))
    .refine((v) => v >= 1 && v <= 1000, 'expected an integer from 1 to 1000')
    .optional()
    .describe(`1..1000, default ${defaultLimit}`);
}

/** `cursor` query parameter: the opaque `nextCursor` of the previous page. */
export const pageCursorParam = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/, 'expected a nextCursor value from a previous page')
  .optional()
  .describe('opaque: the nextCursor of the previous page');
