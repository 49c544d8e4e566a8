import { blake2AsU8a, decodeAddress } from '@polkadot/util-crypto';
import { hexToU8a, isHex, u8aToHex } from '@polkadot/util';
import type { BlockRecord } from '../chain/block-record';
import type { DevnetNode } from '../node/devnet-node';
import { RpcError, INVALID_PARAMS } from '../node/rpc-error';
import { CALL_WEIGHT, feeFor } from '../runtime/fees';
import { RuntimeApi, UnknownRuntimeApi } from '../runtime/runtime-api';
import { StorageView } from '../runtime/storage-view';
import type { RpcConnection, RpcHandler } from './rpc-server';
import { devMethods } from './dev-methods';

export interface ChainInfo {
  chain: string;
  version: string;
  properties: { ss58Format: number; tokenDecimals: number; tokenSymbol: string };
}

/** The Substrate JSON-RPC surface the devnet speaks (plus `dev_*`, see dev-methods.ts). */
export function rpcMethods(
  node: DevnetNode,
  info: ChainInfo,
  dropConnections: () => number,
): Map<string, RpcHandler> {
  const storage = new StorageView(node.runtime);
  const runtimeApi = new RuntimeApi(node.runtime, node.host);
  const store = node.store;
  const blockOf = (hash: unknown): BlockRecord => {
    if (hash === undefined || hash === null) {
      return store.best;
    }
    const block = typeof hash === 'string' ? store.get(hash) : undefined;
    if (!block) {
      throw new RpcError(INVALID_PARAMS, `Unknown block hash ${JSON.stringify(hash)}`);
    }
    return block;
  };
  const header = (block: BlockRecord) => headerJson(node, block);
  const read = (keys: string[], block: BlockRecord) =>
    keys.map(
      (key) =>
        [key, storage.get(block, node.stateAt(block.hash), key, (n) => store.canonicalHash(n))] as [
          string,
          string | null,
        ],
    );
  const subscription = (
    event: 'best' | 'block' | 'finalized',
    method: string,
    initial: () => BlockRecord,
  ) =>
    ((_params: unknown[], connection: RpcConnection) =>
      connection.subscribe(method, (send) => {
        send(header(initial()));
        const listener = (block: BlockRecord) => send(header(block));
        node.on(event, listener);
        return () => node.off(event, listener);
      })) satisfies RpcHandler;
  const unsubscribe: RpcHandler = ([id], connection) => connection.unsubscribe(String(id));

  const methods: Record<string, RpcHandler> = {
    system_chain: () => info.chain,
    system_name: () => 'polkamesh-devnet',
    system_version: () => info.version,
    system_chainType: () => 'Development',
    system_properties: () => info.properties,
    system_health: () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }),
    system_peers: () => [],
    system_localPeerId: () => '12D3KooWPolkaMeshDevnet',
    system_accountNextIndex: ([address]) => nextIndex(node, String(address)),
    chain_getBlockHash: ([number]) =>
      number === undefined || number === null
        ? store.best.hash
        : (store.canonicalHash(Number(number)) ?? null),
    chain_getHeader: ([hash]) => header(blockOf(hash)),
    chain_getBlock: ([hash]) => {
      const block = blockOf(hash);
      return {
        block: { header: header(block), extrinsics: block.extrinsics },
        justifications: null,
      };
    },
    chain_getFinalizedHead: () => store.finalized.hash,
    chain_subscribeNewHeads: subscription('best', 'chain_newHead', () => store.best),
    chain_unsubscribeNewHeads: unsubscribe,
    chain_subscribeAllHeads: subscription('block', 'chain_allHead', () => store.best),
    chain_unsubscribeAllHeads: unsubscribe,
    chain_subscribeFinalizedHeads: subscription(
      'finalized',
      'chain_finalizedHead',
      () => store.finalized,
    ),
    chain_unsubscribeFinalizedHeads: unsubscribe,
    state_getMetadata: () => node.runtime.metadataHex,
    state_getRuntimeVersion: () => node.runtime.runtimeVersion,
    state_subscribeRuntimeVersion: (_params, connection) =>
      connection.subscribe('state_runtimeVersion', (send) => {
        send(node.runtime.runtimeVersion);
        return () => undefined;
      }),
    state_unsubscribeRuntimeVersion: unsubscribe,
    state_getStorage: ([key, hash]) => read([hexParam(key)], blockOf(hash))[0]![1],
    state_getStorageHash: ([key, hash]) => {
      const value = read([hexParam(key)], blockOf(hash))[0]![1];
      return value === null ? null : u8aToHex(blake2AsU8a(hexToU8a(value), 256));
    },
    state_getStorageSize: ([key, hash]) => {
      const value = read([hexParam(key)], blockOf(hash))[0]![1];
      return value === null ? null : hexToU8a(value).length;
    },
    state_queryStorageAt: ([keys, hash]) => {
      const block = blockOf(hash);
      return [{ block: block.hash, changes: read(hexList(keys), block) }];
    },
    state_queryStorage: ([keys, from, to]) => {
      const start = blockOf(from);
      const end = blockOf(to);
      const list = hexList(keys);
      let previous = new Map<string, string | null>();
      return store.canonicalRange(start.number, end.number).map((block) => {
        const values = read(list, block);
        const changes = values.filter(([k, v]) => !previous.has(k) || previous.get(k) !== v);
        previous = new Map(values);
        return { block: block.hash, changes };
      });
    },
    state_subscribeStorage: ([keys], connection) =>
      connection.subscribe('state_storage', (send) => {
        const list = hexList(keys);
        let last = new Map<string, string | null>();
        // like Substrate: the first notification carries every key, later ones only what changed
        const push = (block: BlockRecord) => {
          const values = read(list, block);
          const changes = values.filter(([k, v]) => !last.has(k) || last.get(k) !== v);
          last = new Map(values);
          if (changes.length > 0) {
            send({ block: block.hash, changes });
          }
        };
        const initial = read(list, store.best);
        last = new Map(initial);
        send({ block: store.best.hash, changes: initial });
        node.on('best', push);
        return () => node.off('best', push);
      }),
    state_unsubscribeStorage: unsubscribe,
    state_getKeysPaged: ([prefix, count, startKey, hash]) => {
      const block = blockOf(hash);
      const keys = storage.keys(block, node.stateAt(block.hash), hexParam(prefix ?? '0x'), (n) =>
        store.canonicalHash(n),
      );
      const after =
        typeof startKey === 'string' ? keys.filter((k) => k > startKey.toLowerCase()) : keys;
      return after.slice(0, Number(count ?? 1000));
    },
    state_getKeys: ([prefix, hash]) => {
      const block = blockOf(hash);
      return storage.keys(block, node.stateAt(block.hash), hexParam(prefix), (n) =>
        store.canonicalHash(n),
      );
    },
    state_call: ([method, data, hash]) => {
      const block = blockOf(hash);
      try {
        return runtimeApi.call(
          String(method),
          hexParam(data ?? '0x'),
          node.stateAt(block.hash),
          block.number,
        );
      } catch (err) {
        if (err instanceof UnknownRuntimeApi) {
          throw new RpcError(
            4003,
            'Client error: Execution failed: Other: Exported method not found',
            err.message,
          );
        }
        throw err;
      }
    },
    author_submitExtrinsic: ([xt]) => node.submit(hexParam(xt)),
    author_submitAndWatchExtrinsic: ([xt], connection) => {
      const bytes = hexParam(xt);
      let id = '';
      let hash = '';
      id = connection.subscribe('author_extrinsicUpdate', (send) => {
        hash = node.submit(bytes, (status) => {
          send(status);
          if (
            status === 'dropped' ||
            status === 'invalid' ||
            (typeof status === 'object' && 'finalized' in status)
          ) {
            setImmediate(() => connection.unsubscribe(id));
          }
        });
        return () => undefined;
      });
      void hash;
      return id;
    },
    author_unwatchExtrinsic: unsubscribe,
    author_pendingExtrinsics: () => node.pendingExtrinsics(),
    payment_queryInfo: ([xt]) => ({
      weight: Number(CALL_WEIGHT.refTime),
      class: 'normal',
      partialFee: feeFor(hexToU8a(hexParam(xt)).length, 0n).toString(),
    }),
    ...devMethods(node, dropConnections),
  };
  const aliases: Record<string, string> = {
    chain_getFinalisedHead: 'chain_getFinalizedHead',
    chain_subscribeFinalisedHeads: 'chain_subscribeFinalizedHeads',
    chain_unsubscribeFinalisedHeads: 'chain_unsubscribeFinalizedHeads',
    chain_subscribeNewHead: 'chain_subscribeNewHeads',
    chain_unsubscribeNewHead: 'chain_unsubscribeNewHeads',
    chain_getRuntimeVersion: 'state_getRuntimeVersion',
    state_getStorageAt: 'state_getStorage',
    state_callAt: 'state_call',
    state_getKeysPagedAt: 'state_getKeysPaged',
  };
  for (const [alias, target] of Object.entries(aliases)) {
    methods[alias] = methods[target]!;
  }
  const names = [...Object.keys(methods), 'rpc_methods'].sort();
  methods['rpc_methods'] = () => ({ version: 1, methods: names });
  return new Map(Object.entries(methods));
}

/** Header JSON by block: decoded once, then shared by every subscriber and request. */
const headerJsonCache = new WeakMap<BlockRecord, unknown>();

function headerJson(node: DevnetNode, block: BlockRecord): unknown {
  const cached = headerJsonCache.get(block);
  if (cached !== undefined) {
    return cached;
  }
  const header = node.runtime.registry.createType('Header', hexToU8a(block.headerHex));
  const json = {
    parentHash: block.parentHash,
    number: `0x${block.number.toString(16)}`,
    stateRoot: header.stateRoot.toHex(),
    extrinsicsRoot: header.extrinsicsRoot.toHex(),
    digest: { logs: header.digest.logs.map((log) => log.toHex()) },
  };
  headerJsonCache.set(block, json);
  return json;
}

function nextIndex(node: DevnetNode, address: string): number {
  const accountId = u8aToHex(decodeAddress(address));
  let nonce = node.stateAt().accounts.get(accountId)?.nonce ?? 0;
  const pending = new Set(node.pendingNonces(accountId));
  while (pending.has(nonce)) {
    nonce++;
  }
  return nonce;
}

function hexParam(value: unknown): string {
  if (typeof value !== 'string' || !isHex(value)) {
    throw new RpcError(INVALID_PARAMS, 'Invalid params: expected a 0x-prefixed hex string');
  }
  return value.toLowerCase();
}

function hexList(value: unknown): string[] {
  if (!Array.isArray(value)) {
    throw new RpcError(INVALID_PARAMS, 'Invalid params: expected an array of storage keys');
  }
  return value.map(hexParam);
}
