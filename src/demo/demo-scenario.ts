import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { NATIVE_TO_ETH_RATIO } from '../contracts';
import type { WalletContractAddresses } from './contract-gateway';
import type { WaitFor } from './send-and-wait';
import { DEMO_RECEIPT_PNG_BASE64 } from './demo-receipt-image';
import { ensureAccessGranted, ensureDataNft, ensureProviderRegistered } from './demo-fixtures';
import { UserWallet } from './user-wallet';

/** The amounts the demo moves or asks, in native planck (PAS has 10 decimals: 1 PAS = 1e10). */
export const DEMO_AMOUNTS = {
  budgetPlanck: 1_000_000_000n,
  escrowPlanck: 5_000_000_000n,
  stakePlanck: 20_000_000_000n,
  /** Charlie's rate, 2 PAS an hour (registered in contract units, as the service writes it) */
  hourlyRatePlanck: 20_000_000_000n,
  /** the price of access to Dave's data NFT, 0.5 PAS; Dave pays it when he grants Bob access */
  accessPricePlanck: 5_000_000_000n,
} as const;

export const DEMO_PROVIDER_ENDPOINT = 'https://provider.charlie.example/ocr';
export const DEMO_NFT_URI = 'ipfs://bafy-demo-scanned-receipts';

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
  /** false when the registry had the provider already (a later run on the same chain) */
  providerRegistered: boolean;
  nftTokenId: bigint;
  /** false when Dave's demo NFT was already on-chain */
  nftMinted: boolean;
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

/**
 * The full demo story, with the dev accounts, each signing what it must on-chain:
 * Charlie registers as a provider; Bob submits an OCR job, deposits into the escrow under the
 * job's id and assigns the provider; Dave mints a data NFT and grants Bob access; Bob submits the
 * confidential twin of his job; Eve submits five MEV intents. The provider, the NFT and the grant
 * are sent only when the chain does not have them yet, so the story can be played again on the
 * same chain (each run adds a job, its confidential twin and intents).
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

  const registeredAt = await ensureProviderRegistered(charlie, {
    endpoint: DEMO_PROVIDER_ENDPOINT,
    computeUnits: 8n,
    hourlyRate: DEMO_AMOUNTS.hourlyRatePlanck * NATIVE_TO_ETH_RATIO,
    stakePlanck: DEMO_AMOUNTS.stakePlanck,
  });
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

  const nft = await ensureDataNft(dave, {
    dataUri: DEMO_NFT_URI,
    privacyLevel: 1,
    accessPrice: DEMO_AMOUNTS.accessPricePlanck * NATIVE_TO_ETH_RATIO,
    transferable: true,
  });
  if (nft.blockHash) {
    blocks['mintDataNft'] = nft.blockHash;
  }
  const grantedAt = await ensureAccessGranted(
    dave,
    nft.id,
    bob.h160,
    DEMO_AMOUNTS.accessPricePlanck,
  );
  if (grantedAt) {
    blocks['grantAccess'] = grantedAt;
  }

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
    nftMinted: nft.blockHash !== undefined,
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
