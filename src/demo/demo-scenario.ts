import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { NATIVE_TO_ETH_RATIO } from '../contracts';
import type { WalletContractAddresses } from './contract-gateway';
import type { WaitFor } from './send-and-wait';
import { UserWallet } from './user-wallet';

/** The amounts the demo moves, in native planck (PAS has 10 decimals). */
export const DEMO_AMOUNTS = {
  budgetPlanck: 1_000_000_000n,
  escrowPlanck: 5_000_000_000n,
  stakePlanck: 20_000_000_000n,
  accessPaymentPlanck: 10n,
} as const;

import { DEMO_RECEIPT_PNG_BASE64 } from './demo-receipt-image';

export const DEMO_MODEL_REF = 'ocr:pp-ocrv4';
export const DEMO_INTENT_COUNT = 5;

export interface DemoScenarioOptions {
  /** the H160 Bob deposits for and assigns; default Charlie's mapped H160 */
  providerH160?: string;
  waitFor?: WaitFor;
  /** dev seeds, default //Bob, //Charlie, //Dave, //Eve */
  seeds?: Partial<Record<'user' | 'provider' | 'dataOwner' | 'trader', string>>;
}

export interface DemoScenarioSummary {
  user: { ss58: string; h160: string };
  providerH160: string;
  jobId: bigint;
  /** block hash of each step */
  blocks: Record<string, string>;
  providerRegistered: boolean;
  nftTokenId: bigint;
  confidentialJobId: bigint;
  intentIds: bigint[];
}

/** The demo receipt image as a `data:` URL: a real OCR input. */
export function demoReceiptDataRef(): string {
  return `data:image/png;base64,${DEMO_RECEIPT_PNG_BASE64}`;
}

export function demoDataRef(text: string): string {
  return `data:text/plain;base64,${Buffer.from(text, 'utf8').toString('base64')}`;
}

export interface DemoCast {
  bob: UserWallet;
  charlie: UserWallet;
  dave: UserWallet;
  eve: UserWallet;
}

/** Wallets for the demo's dev accounts. */
export function demoCast(
  api: ApiPromise,
  addresses: WalletContractAddresses,
  options: DemoScenarioOptions,
): DemoCast {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const wallet = (pair: KeyringPair) =>
    new UserWallet(api, pair, addresses, { waitFor: options.waitFor });
  const seeds = options.seeds ?? {};
  return {
    bob: wallet(keyring.addFromUri(seeds.user ?? '//Bob')),
    charlie: wallet(keyring.addFromUri(seeds.provider ?? '//Charlie')),
    dave: wallet(keyring.addFromUri(seeds.dataOwner ?? '//Dave')),
    eve: wallet(keyring.addFromUri(seeds.trader ?? '//Eve')),
  };
}

/** Registers the provider once; later runs find it in the registry and skip. */
async function ensureProviderRegistered(charlie: UserWallet): Promise<string | undefined> {
  const profile = await charlie.read('computeProviderRegistry', 'getProvider', charlie.h160);
  if (!profile.isEmpty) {
    return undefined;
  }
  const registered = await charlie.registerProvider({
    endpoint: 'https://provider.charlie.example/ocr',
    computeUnits: 8n,
    hourlyRate: 2n * NATIVE_TO_ETH_RATIO,
    stakePlanck: DEMO_AMOUNTS.stakePlanck,
  });
  return registered.blockHash;
}

/**
 * The full demo story, with the dev accounts, each signing what it must on-chain:
 * Charlie registers as a provider; Bob submits an OCR job, deposits into the escrow under the
 * job's id and assigns the provider; Dave mints a data NFT and grants Bob access; Bob submits the
 * confidential twin of his job; Eve submits five MEV intents.
 */
export async function runDemoScenario(
  api: ApiPromise,
  addresses: WalletContractAddresses,
  options: DemoScenarioOptions = {},
): Promise<DemoScenarioSummary> {
  const { bob, charlie, dave, eve } = demoCast(api, addresses, options);
  for (const wallet of [bob, charlie, dave]) {
    await wallet.ensureMapped();
  }
  const providerH160 = (options.providerH160 ?? charlie.h160).toLowerCase();
  const blocks: Record<string, string> = {};

  const registeredAt = await ensureProviderRegistered(charlie);
  if (registeredAt) {
    blocks['registerProvider'] = registeredAt;
  }

  const job = await bob.submitJob({
    modelRef: DEMO_MODEL_REF,
    dataRef: demoReceiptDataRef(),
    deadlineBlocks: 1000,
    privacyRequired: false,
    budgetPlanck: DEMO_AMOUNTS.budgetPlanck,
  });
  blocks['submitJob'] = job.blockHash;
  blocks['depositForJob'] = (
    await bob.depositForJob(job.id, providerH160, DEMO_AMOUNTS.escrowPlanck)
  ).blockHash;
  blocks['assignProvider'] = (await bob.assignProvider(job.id, providerH160)).blockHash;

  const nft = await dave.mintDataNft({
    dataUri: 'ipfs://bafy-demo-scanned-receipts',
    privacyLevel: 1,
    accessPrice: DEMO_AMOUNTS.accessPaymentPlanck * NATIVE_TO_ETH_RATIO,
    transferable: true,
  });
  blocks['mintDataNft'] = nft.blockHash;
  blocks['grantAccess'] = (
    await dave.grantAccess(nft.id, bob.h160, DEMO_AMOUNTS.accessPaymentPlanck)
  ).blockHash;

  const confidential = await bob.submitConfidentialJob({
    jobId: job.id,
    model: DEMO_MODEL_REF,
    data: demoDataRef('confidential page'),
  });
  blocks['submitConfidentialJob'] = confidential.blockHash;

  const intentIds: bigint[] = [];
  for (let i = 0; i < DEMO_INTENT_COUNT; i++) {
    const intent = await eve.submitIntent(demoIntent(i));
    intentIds.push(intent.id);
    blocks[`submitIntent${i + 1}`] = intent.blockHash;
  }

  return {
    user: { ss58: bob.address, h160: bob.h160 },
    providerH160,
    jobId: job.id,
    blocks,
    providerRegistered: registeredAt !== undefined,
    nftTokenId: nft.id,
    confidentialJobId: confidential.id,
    intentIds,
  };
}

export function demoIntent(index: number): {
  encryptedIntent: string;
  tokenIn: string;
  tokenOut: string;
  minOutput: bigint;
} {
  const pairs = [
    ['DOT', 'USDT'],
    ['USDT', 'DOT'],
    ['PAS', 'DOT'],
  ] as const;
  const [tokenIn, tokenOut] = pairs[index % pairs.length] ?? ['DOT', 'USDT'];
  const intent = { side: 'swap', amount: String(100 + index), tokenIn, tokenOut };
  return {
    encryptedIntent: Buffer.from(JSON.stringify(intent), 'utf8').toString('base64'),
    tokenIn,
    tokenOut,
    minOutput: BigInt(95 + index) * 10_000_000_000n,
  };
}
