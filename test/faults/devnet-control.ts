import '@polkadot/api-augment/substrate';
import { ApiPromise, Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { retryableWsProvider } from '../../src/chain';
import { PASEO_CONTRACT_ADDRESSES, CONTRACT_NAMES, type ContractName } from '../../src/contracts';
import { UserWallet } from '../../src/demo';

/** One JSON-RPC call over HTTP POST (the devnet answers on its WebSocket port). */
export async function devnetRpc<T = unknown>(
  wsUrl: string,
  method: string,
  params: unknown[] = [],
): Promise<T> {
  const response = await fetch(wsUrl.replace(/^ws/, 'http'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(30_000),
  });
  const reply = (await response.json()) as { result?: T; error?: { message: string } };
  if (reply.error !== undefined) {
    throw new Error(`${method}: ${reply.error.message}`);
  }
  return reply.result as T;
}

export interface DevInfo {
  best: { number: number; hash: string };
  finalized: { number: number; hash: string };
  finalityLag: number;
}

export function devInfo(wsUrl: string): Promise<DevInfo> {
  return devnetRpc<DevInfo>(wsUrl, 'dev_info');
}

export const CONTRACT_ADDRESSES = Object.fromEntries(
  CONTRACT_NAMES.map((name) => {
    const entry = PASEO_CONTRACT_ADDRESSES[name];
    return [name, entry.pallet === 'revive' ? entry.h160 : entry.accountId];
  }),
) as Record<ContractName, string>;

/** The harness's users: Polkadot.js wallets with the original ABIs, each funded and mapped. */
export class Wallets {
  private constructor(
    readonly api: ApiPromise,
    private readonly keyring: Keyring,
    private readonly wsUrl: string,
  ) {}

  static async connect(wsUrl: string): Promise<Wallets> {
    await cryptoWaitReady();
    const api = await ApiPromise.create({
      // a wallet's read that failed in a dropped connection must be read again, not replayed
      provider: retryableWsProvider(wsUrl, 1000),
      noInitWarn: true,
    });
    return new Wallets(api, new Keyring({ type: 'sr25519', ss58Format: 42 }), wsUrl);
  }

  /** A user wallet for `uri`, funded with 1,000,000 PAS and mapped for pallet-revive. */
  async user(uri: string): Promise<UserWallet> {
    const pair = this.keyring.addFromUri(uri);
    await this.fund(pair.address, 1_000_000n * 10_000_000_000n);
    const wallet = new UserWallet(this.api, pair, CONTRACT_ADDRESSES, { waitFor: 'finalized' });
    await retry(() => wallet.ensureMapped(), 5);
    return wallet;
  }

  async fund(address: string, planck: bigint): Promise<void> {
    await devnetRpc(this.wsUrl, 'dev_setBalance', [address, planck.toString()]);
  }

  async close(): Promise<void> {
    await this.api.disconnect();
  }
}

/** Retries `work` up to `times` (chain faults make single calls fail; the caller's work is idempotent). */
export async function retry<T>(work: () => Promise<T>, times: number): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i < times; i++) {
    try {
      return await work();
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
