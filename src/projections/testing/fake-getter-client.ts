import { u8aToHex } from '@polkadot/util';
import type { ContractCall, DryRunResult } from '../../chain/chain-client';
import { decodeCall, encodeReturn } from '../../contracts';
import type { ContractName } from '../../contracts/types';

export type GetterAnswer = (
  contract: ContractName,
  message: string,
  args: Record<string, unknown>,
  at: string | undefined,
) => unknown;

/** `dryRun` that answers getters from `answer`, encoded like a real contract; records every call. */
export class FakeGetterClient {
  readonly calls: {
    contract: ContractName;
    message: string;
    args: Record<string, unknown>;
    at?: string;
    origin: string;
  }[] = [];

  constructor(private readonly answer: GetterAnswer) {}

  dryRun(call: ContractCall): Promise<DryRunResult> {
    const decoded = decodeCall(call.contract, call.input);
    if (!decoded) {
      return Promise.reject(new Error('undecodable call'));
    }
    this.calls.push({ contract: call.contract, ...decoded, at: call.at, origin: call.origin });
    const value = this.answer(call.contract, decoded.message, decoded.args, call.at);
    if (value instanceof Error) {
      return Promise.resolve({
        ok: false,
        error: value.message,
        gasRequired: { refTime: 0n, proofSize: 0n },
      });
    }
    return Promise.resolve({
      ok: true,
      flags: 0,
      isReverted: false,
      data: u8aToHex(encodeReturn(call.contract, decoded.message, value)),
      gasRequired: { refTime: 0n, proofSize: 0n },
      storageDeposit: 0n,
    });
  }
}
