import { decodeAddress } from '@polkadot/util-crypto';
import { hexToU8a, isHex, u8aToHex } from '@polkadot/util';
import { CONTRACT_PALLET, isContractName } from '../../src/contracts';
import type { DevnetNode } from '../node/devnet-node';
import { encodeRuntimeEvent } from '../runtime/event-encoding';
import { RpcError, INVALID_PARAMS } from '../node/rpc-error';
import type { RpcHandler } from './rpc-server';

/** Test controls, like chopsticks' and anvil's: blocks, finality, forks, faults, balances, time. */
export function devMethods(
  node: DevnetNode,
  dropConnections: () => number,
): Record<string, RpcHandler> {
  return {
    dev_newBlock: ([count]) => {
      const blocks = node.produceBlocks(positiveInt(count ?? 1, 'count', 10_000));
      return blocks[blocks.length - 1]!.hash;
    },
    dev_finalize: ([number]) => {
      node.finalize(positiveInt(number ?? node.best.number, 'number', Number.MAX_SAFE_INTEGER, 0));
      return node.store.finalized.hash;
    },
    dev_setFinalityLag: ([lag]) => {
      node.setFinalityLag(positiveInt(lag, 'lag', 10_000, 0));
      return node.store.finalityLag;
    },
    dev_reorg: ([depth, options]) => {
      const reinclude =
        typeof options === 'object' &&
        options !== null &&
        (options as { reinclude?: unknown }).reinclude === true;
      const branch = node.reorg(positiveInt(depth ?? 1, 'depth', 1_000), reinclude);
      return { best: branch[branch.length - 1]!.hash, branch: branch.map((b) => b.hash) };
    },
    dev_dropConnections: () => {
      setImmediate(dropConnections);
      return true;
    },
    dev_stall: ([ms]) => {
      node.stall(positiveInt(ms, 'ms', 600_000, 0));
      return true;
    },
    dev_setBalance: ([address, free]) => {
      const accountId = accountParam(address);
      const amount = bigintParam(free, 'free');
      const [block] = node.produceBlocks(1, (state) => {
        const account = state.accounts.get(accountId) ?? { nonce: 0, free: 0n, reserved: 0n };
        state.totalIssuance += amount - account.free;
        state.accounts.set(accountId, { ...account, free: amount });
      });
      return block!.hash;
    },
    dev_timeTravel: ([timestamp]) => {
      node.timeTravel(bigintParam(timestamp, 'timestamp'));
      const [block] = node.produceBlocks(1);
      return block!.hash;
    },
    dev_emitContractEvent: ([contract, data, topics]) => {
      const [block] = node.produceBlocks(1, undefined, [
        contractEmitted(node, contract, data, topics),
      ]);
      return block!.hash;
    },
    dev_info: () => ({
      best: { number: node.best.number, hash: node.best.hash },
      finalized: { number: node.store.finalizedNumber, hash: node.store.finalized.hash },
      finalityLag: node.store.finalityLag,
    }),
  };
}

/**
 * A `ContractEmitted` record of one of the six contracts with the given bytes, outside any
 * extrinsic: what a contract upgrade or a buggy build could emit, for tests of undecodable events.
 */
function contractEmitted(node: DevnetNode, contract: unknown, data: unknown, topics: unknown) {
  if (!isContractName(contract)) {
    throw new RpcError(INVALID_PARAMS, 'Invalid params: contract must be one of the six names');
  }
  const topicList = topics ?? [];
  if (!isHex(data) || !Array.isArray(topicList) || !topicList.every((topic) => isHex(topic, 256))) {
    throw new RpcError(
      INVALID_PARAMS,
      'Invalid params: data must be 0x hex and topics 32-byte 0x hex values',
    );
  }
  const address = node.host.contractAddress(contract);
  const topicBytes = (topicList as string[]).map((topic) => hexToU8a(topic));
  const isRevive = CONTRACT_PALLET[contract] === 'revive';
  const event = isRevive
    ? encodeRuntimeEvent(node.runtime, 'revive', 'ContractEmitted', [address, data, topicList])
    : encodeRuntimeEvent(node.runtime, 'contracts', 'ContractEmitted', [address, data]);
  return {
    phase: 'finalization' as const,
    event,
    topics: isRevive ? [] : topicBytes,
  };
}

function positiveInt(value: unknown, name: string, max: number, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new RpcError(
      INVALID_PARAMS,
      `Invalid params: ${name} must be an integer in ${min}..${max}`,
    );
  }
  return n;
}

function bigintParam(value: unknown, name: string): bigint {
  try {
    const n = BigInt(value as string | number);
    if (n < 0n) {
      throw new Error('negative');
    }
    return n;
  } catch {
    throw new RpcError(
      INVALID_PARAMS,
      `Invalid params: ${name} must be a non-negative integer (decimal string)`,
    );
  }
}

function accountParam(value: unknown): string {
  try {
    return u8aToHex(decodeAddress(String(value)));
  } catch {
    throw new RpcError(
      INVALID_PARAMS,
      'Invalid params: expected an SS58 address or 32-byte hex account id',
    );
  }
}
