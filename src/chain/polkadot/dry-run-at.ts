import type { ApiPromise } from '@polkadot/api';
import { bnToU8a, compactAddLength, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import type { DryRunResult } from '../chain-client';
import type { ContractPallet } from '../../contracts';
import { parseDryRun, type ContractResultLike } from './parse-dry-run';

const RUNTIME_API: Record<ContractPallet, string> = {
  revive: 'ReviveApi',
  contracts: 'ContractsApi',
};

/**
 * A contract dry run at a given block through `state_call`, decoded with that block's own
 * registry. Much cheaper than decorating a whole `api.at(hash)` per call (projections dry-run
 * every new job, NFT and intent at its block).
 */
export async function dryRunAt(
  api: ApiPromise,
  pallet: ContractPallet,
  at: string,
  originHex: string,
  destHex: string,
  value: bigint,
  inputHex: string,
): Promise<DryRunResult> {
  const params = u8aConcat(
    hexToU8a(originHex),
    hexToU8a(destHex),
    bnToU8a(value, { bitLength: 128, isLe: true }),
    new Uint8Array([0, 0]),
    compactAddLength(hexToU8a(inputHex)),
  );
  const name = RUNTIME_API[pallet];
  const raw = await api.rpc.state.call(`${name}_call`, u8aToHex(params), at);
  const { registry, metadata } = await api.getBlockRegistry(hexToU8a(at));
  const method = metadata.asLatest.apis
    .find((a) => a.name.toString() === name)
    ?.methods.find((m) => m.name.toString() === 'call');
  if (!method) {
    throw new Error(`the runtime at ${at} has no ${name}.call`);
  }
  const result = registry.createType(registry.createLookupType(method.output), raw.toU8a(true));
  return parseDryRun(result as unknown as ContractResultLike, registry);
}
