import { cryptoWaitReady } from '@polkadot/util-crypto';
import { PASEO_CONTRACT_ADDRESSES, CONTRACT_NAMES } from '../src/contracts';
import { DevnetNode } from './node/devnet-node';
import { rpcMethods } from './rpc/rpc-methods';
import { RpcServer } from './rpc/rpc-server';
import type { ContractAddresses } from './runtime/contract-host';
import { loadChain, saveChain } from './state-file';

/** The dev accounts the genesis funds (named in the CLI's devnet banner). */
export { DEV_ACCOUNT_BALANCE, DEV_ACCOUNT_NAMES, devAccountIds } from './chain/genesis';

export interface DevnetOptions {
  /** 0 picks a free port */
  port?: number;
  host?: string;
  /** instant: a block per extrinsic; otherwise one every `blockTimeMs` (default 1000) */
  instant?: boolean;
  blockTimeMs?: number;
  /** blocks between best and finalized; default 2, or 0 in instant mode */
  finalityLag?: number;
  /** delay between a block and applying its finality; default 200 ms in instant mode, else 0 */
  finalityDelayMs?: number;
  /** keep the chain in this file across restarts; in memory when absent */
  stateFile?: string;
  addresses?: Partial<ContractAddresses>;
  requireAccountMapping?: boolean;
  stateHistory?: number;
}

export interface Devnet {
  url: string;
  port: number;
  node: DevnetNode;
  stop(): Promise<void>;
}

export const DEVNET_CHAIN_NAME = 'PolkaMesh Devnet';

export function defaultContractAddresses(): ContractAddresses {
  return Object.fromEntries(
    CONTRACT_NAMES.map((name) => {
      const entry = PASEO_CONTRACT_ADDRESSES[name];
      return [name, entry.pallet === 'revive' ? entry.h160 : entry.accountId];
    }),
  ) as ContractAddresses;
}

/** Starts a devnet node with its WebSocket JSON-RPC server on loopback. */
export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  await cryptoWaitReady();
  const restored = options.stateFile ? loadChain(options.stateFile) : undefined;
  const node = new DevnetNode({
    mode: options.instant ? 'instant' : 'interval',
    blockTimeMs: options.blockTimeMs ?? 1000,
    finalityLag: options.finalityLag ?? (options.instant ? 0 : 2),
    finalityDelayMs: options.finalityDelayMs ?? (options.instant ? 200 : 0),
    addresses: { ...defaultContractAddresses(), ...options.addresses },
    requireAccountMapping: options.requireAccountMapping ?? true,
    stateHistory: options.stateHistory ?? 4096,
    restored,
  });
  const server: RpcServer = new RpcServer(
    rpcMethods(
      node,
      {
        chain: DEVNET_CHAIN_NAME,
        version: '0.1.0',
        properties: { ss58Format: 42, tokenDecimals: 10, tokenSymbol: 'PAS' },
      },
      () => server.dropConnections(),
    ),
  );
  const host = options.host ?? '127.0.0.1';
  const port = await server.listen(options.port ?? 9944, host);
  let saveTimer: NodeJS.Timeout | undefined;
  const stateFile = options.stateFile;
  if (stateFile) {
    node.on('best', () => {
      saveTimer ??= setTimeout(() => {
        saveTimer = undefined;
        try {
          saveChain(stateFile, node.store);
        } catch (err) {
          // e.g. EMFILE under a connection flood: the next block saves again
          process.stderr.write(
            `devnet: cannot save state to ${stateFile}: ${(err as Error).message}\n`,
          );
        }
      }, 200);
    });
  }
  node.on('error', (err: Error) => {
    process.stderr.write(`devnet: block production failed: ${err.stack ?? err.message}\n`);
  });
  node.start();
  return {
    url: `ws://${host}:${port}`,
    port,
    node,
    stop: async () => {
      node.stop();
      clearTimeout(saveTimer);
      if (stateFile) {
        saveChain(stateFile, node.store);
      }
      await server.close();
    },
  };
}
