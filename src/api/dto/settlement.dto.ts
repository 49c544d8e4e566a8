import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { SETTLEMENT_STATES } from '../../jobs/engine';
import { h160 } from './jobs.dto';
import { decimalString, hexString } from './wire';

const weightSchema = z.object({ refTime: decimalString, proofSize: decimalString });

const extrinsicSchema = z
  .discriminatedUnion('ok', [
    z.object({
      ok: z.literal(true),
      method: z.string().describe('the pallet call the wallet submits, e.g. revive.call'),
      callHex: hexString.describe(
        'the SCALE-encoded call (pallet index, call index, dest, value, gas_limit, storage_deposit_limit, data): sign it as is, e.g. api.tx(api.createType("Call", callHex))',
      ),
      gasLimit: weightSchema.describe("dry run's gas required plus a margin"),
      storageDepositLimit: decimalString.describe('planck'),
    }),
    z.object({
      ok: z.literal(false),
      reason: z.string().describe('why the call cannot be prepared (the dry run refused it, …)'),
    }),
  ])
  .describe('the extrinsic, dry-run as the signer');

const callSchema = z.object({
  contract: hexString.describe('payment_escrow H160'),
  pallet: z.literal('revive'),
  message: z.enum(['release_to_provider', 'refund_to_owner']),
  selector: hexString,
  args: z.object({ jobId: decimalString }),
  callData: hexString.describe("selector + SCALE arguments: revive.call's data"),
  value: decimalString.describe('planck sent with the call'),
  extrinsic: extrinsicSchema,
});

export const settlementCallSchema = z.object({
  jobId: decimalString,
  action: z
    .enum(['release', 'refund'])
    .nullable()
    .describe('what the depositor should sign now; null: nothing (see reason)'),
  reason: z.string(),
  settlement: z
    .enum(SETTLEMENT_STATES)
    .nullable()
    .describe("the work ledger's settlement state; null when this service does not work the job"),
  signer: z
    .object({
      h160,
      ss58: z.string().nullable().describe('the mapped Substrate account, when mapped'),
    })
    .nullable()
    .describe("the escrow's depositor: the only account that can release or refund it"),
  call: callSchema.nullable(),
});

export type SettlementCallBody = z.input<typeof settlementCallSchema>;

export class SettlementCallResponseDto extends createZodDto(settlementCallSchema) {}
