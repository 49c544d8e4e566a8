import { z } from 'zod';

/** Wire conventions (STYLE §10): block numbers and amounts as decimal strings, times ISO-8601 UTC. */
export const decimalString = z
  .string()
  .regex(/^\d+$/)
  .describe('unsigned integer as a decimal string');

export const hexString = z
  .string()
  .regex(/^0x[0-9a-f]*$/)
  .describe('lowercase 0x-prefixed hex');

export const isoTime = z.string().datetime().describe('ISO-8601 UTC');

export const blockRefSchema = z.object({ number: decimalString, hash: hexString });

export const CONTRACT_NAME_VALUES = [
  'aiJobQueue',
  'paymentEscrow',
  'computeProviderRegistry',
  'dataNftRegistry',
  'phalaJobProcessor',
  'mevProtection',
] as const;

export const contractNameSchema = z.enum(CONTRACT_NAME_VALUES);
export const palletSchema = z.enum(['revive', 'contracts']);
