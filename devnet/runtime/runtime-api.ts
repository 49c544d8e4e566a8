import type { Codec } from '@polkadot/types/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { forkState, type ChainState } from '../chain/chain-state';
import type { ContractHost } from './contract-host';
import { moduleErrorJson } from './event-encoding';
import { CALL_WEIGHT, feeFor } from './fees';
import type { RuntimeMetadata } from './runtime-metadata';

export class UnknownRuntimeApi extends Error {}

/** Answers `state_call` for the runtime APIs a Polkadot.js client and the service use. */
export class RuntimeApi {
  constructor(
    private readonly runtime: RuntimeMetadata,
    private readonly host: ContractHost,
  ) {}

  call(method: string, dataHex: string, state: ChainState, blockNumber: number): string {
    const [apiName, methodName] = splitMethod(method);
    const methodMeta = this.runtime.metadata.asLatest.apis
      .find((a) => a.name.toString() === apiName)
      ?.methods.find((m) => m.name.toString() === methodName);
    if (!methodMeta) {
      throw new UnknownRuntimeApi(`Exported method ${method} is not found`);
    }
    const args = this.decodeInputs(
      methodMeta.inputs.map((i) => i.type.toNumber()),
      hexToU8a(dataHex),
    );
    const output = this.answer(method, args, state, blockNumber);
    if (typeof output === 'string') {
      return output;
    }
    return this.runtime.registry
      .createType(this.runtime.registry.createLookupType(methodMeta.output.toNumber()), output)
      .toHex();
  }

  private answer(method: string, args: Codec[], state: ChainState, blockNumber: number): unknown {
    switch (method) {
      case 'Core_version':
        return this.runtime.runtimeVersion;
      case 'Metadata_metadata':
        return u8aToHex(hexToU8a(this.runtime.metadataAtVersionHex).subarray(1));
      case 'Metadata_metadata_versions':
        return [15];
      case 'Metadata_metadata_at_version':
        return Number(args[0]!.toString()) === 15 ? this.runtime.metadataAtVersionHex : '0x00';
      case 'AccountNonceApi_account_nonce':
        return state.accounts.get(args[0]!.toHex())?.nonce ?? 0;
      case 'TransactionPaymentApi_query_info':
        return {
          weight: CALL_WEIGHT,
          class: 'Normal',
          partialFee: feeFor(Number(args[1]!.toString()), 0n),
        };
      case 'TransactionPaymentApi_query_fee_details':
        return {
          inclusionFee: {
            baseFee: feeFor(0, 0n),
            lenFee: feeFor(Number(args[1]!.toString()), 0n) - feeFor(0, 0n),
            adjustedWeightFee: 0,
          },
          tip: 0,
        };
      case 'ReviveApi_call':
      case 'ContractsApi_call':
        return this.dryRun(method === 'ReviveApi_call', args, state, blockNumber);
      default:
        throw new UnknownRuntimeApi(`Exported method ${method} is not supported by the devnet`);
    }
  }

  private dryRun(
    isRevive: boolean,
    args: Codec[],
    state: ChainState,
    blockNumber: number,
  ): unknown {
    const [origin, dest, value, , , input] = args;
    const working = forkState(state);
    const result = this.host.call(
      working,
      {
        pallet: isRevive ? 'revive' : 'contracts',
        origin: origin!.toHex(),
        dest: dest!.toHex(),
        value: BigInt(value!.toString()),
        input: input!.toU8a(true),
      },
      blockNumber + 1,
    );
    const base = {
      gasConsumed: CALL_WEIGHT,
      gasRequired: CALL_WEIGHT,
      storageDeposit: { Charge: 0 },
      ...(isRevive ? {} : { debugMessage: '0x', events: null }),
    };
    if (result.kind === 'failed') {
      return {
        ...base,
        result: {
          Err: moduleErrorJson(this.runtime, {
            section: isRevive ? 'revive' : 'contracts',
            name: result.error,
          }),
        },
      };
    }
    return {
      ...base,
      result: { Ok: { flags: { bits: result.flags }, data: u8aToHex(result.data) } },
    };
  }

  private decodeInputs(typeIds: number[], data: Uint8Array): Codec[] {
    let offset = 0;
    return typeIds.map((typeId) => {
      const codec = this.runtime.registry.createType(
        this.runtime.registry.createLookupType(typeId),
        data.subarray(offset),
      );
      offset += codec.encodedLength;
      return codec;
    });
  }
}

function splitMethod(method: string): [string, string] {
  const index = method.indexOf('_');
  return [method.slice(0, index), method.slice(index + 1)];
}
