import type { Registry } from '@polkadot/types/types';
import type { DispatchError } from '@polkadot/types/interfaces';
import type { DryRunResult, Weight } from '../chain-client';

interface BigIntCodec {
  toBigInt(): bigint;
}

/** The fields ReviveApi_call and ContractsApi_call results share. */
export interface ContractResultLike {
  readonly gasRequired: { readonly refTime: BigIntCodec; readonly proofSize: BigIntCodec };
  readonly storageDeposit: { readonly isCharge: boolean; readonly asCharge: BigIntCodec };
  readonly result: {
    readonly isOk: boolean;
    readonly asOk: {
      readonly flags: { readonly bits: { toNumber(): number } };
      readonly data: { toHex(): string };
    };
    readonly asErr: DispatchError;
  };
}

const REVERT_FLAG = 1;

export function parseDryRun(result: ContractResultLike, registry: Registry): DryRunResult {
  const gasRequired: Weight = {
    refTime: result.gasRequired.refTime.toBigInt(),
    proofSize: result.gasRequired.proofSize.toBigInt(),
  };
  if (result.result.isOk) {
    const ok = result.result.asOk;
    const flags = ok.flags.bits.toNumber();
    return {
      ok: true,
      flags,
      isReverted: (flags & REVERT_FLAG) !== 0,
      data: ok.data.toHex().toLowerCase(),
      gasRequired,
      storageDeposit: result.storageDeposit.isCharge
        ? result.storageDeposit.asCharge.toBigInt()
        : 0n,
    };
  }
  return { ok: false, error: dispatchErrorName(result.result.asErr, registry), gasRequired };
}

/** 'ContractTrapped', 'AccountUnmapped', … for module errors; 'Token.FundsUnavailable' style otherwise. */
export function dispatchErrorName(err: DispatchError, registry: Registry): string {
  if (err.isModule) {
    try {
      return registry.findMetaError(err.asModule).name;
    } catch {
      return `Module(${err.asModule.index.toNumber()}, ${err.asModule.error.toHex()})`;
    }
  }
  if (err.isToken) {
    return `Token.${err.asToken.type}`;
  }
  if (err.isArithmetic) {
    return `Arithmetic.${err.asArithmetic.type}`;
  }
  return err.type;
}
