import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Option } from '@polkadot/types-codec';
import type { Codec } from '@polkadot/types/types';
import { h160FromAccountId, type ContractName, type H160 } from '../contracts';
import {
  ContractGateway,
  type CallRequest,
  type CallResult,
  type ContractEvent,
  type WalletContractAddresses,
} from './contract-gateway';
import { sendAndWait, type WaitFor } from './send-and-wait';

export interface SubmitJobInput {
  modelRef: string;
  dataRef: string;
  /** relative: the deadline is the best block number plus this (default 1000) */
  deadlineBlocks?: number;
  /** absolute block number; wins over deadlineBlocks */
  deadline?: number;
  privacyRequired: boolean;
  budgetPlanck: bigint;
}

export interface RegisterProviderInput {
  endpoint: string;
  computeUnits: bigint;
  /** stored as given; the contract never converts it */
  hourlyRate: bigint;
  stakePlanck: bigint;
}

export interface MintDataNftInput {
  dataUri: string;
  privacyLevel: number;
  /** in contract units (planck × 1e8): grant_access compares it with the value it receives */
  accessPrice: bigint;
  transferable: boolean;
}

export interface SubmitIntentInput {
  encryptedIntent: string;
  tokenIn: string;
  tokenOut: string;
  minOutput: bigint;
}

/** The payload the web frontend base64-encodes for submit_confidential_job. */
export interface ConfidentialPayload {
  jobId: bigint | number;
  model: string;
  data: string;
}

export type ActionResult = CallResult;
export type ActionResultWithId = CallResult & { id: bigint };

export interface UserWalletOptions {
  /** wait for InBlock (default) or for finality before an action resolves */
  waitFor?: WaitFor;
}

/**
 * One person's wallet driving the six contracts through Polkadot.js, as the web frontend would.
 * Every action dry-runs first and throws WalletRefusedError instead of submitting a call that
 * would trap or return false / 0 / None, so no value is ever lost to a silent failure.
 */
export class UserWallet {
  readonly h160: H160;
  private readonly gateway: ContractGateway;
  private readonly waitFor: WaitFor;

  constructor(
    private readonly api: ApiPromise,
    readonly pair: KeyringPair,
    addresses: WalletContractAddresses,
    options: UserWalletOptions = {},
  ) {
    this.h160 = h160FromAccountId(pair.publicKey);
    this.gateway = new ContractGateway(api, addresses);
    this.waitFor = options.waitFor ?? 'inBlock';
  }

  /** The SS58 address: the origin the v5 contracts (Phala, MEV) see. */
  get address(): string {
    return this.pair.address;
  }

  /** Maps the account for pallet-revive unless already mapped; true when it sent map_account. */
  async ensureMapped(): Promise<boolean> {
    const originalAccount = this.api.query['revive']?.['originalAccount'];
    const mapAccount = this.api.tx['revive']?.['mapAccount'];
    if (!originalAccount || !mapAccount) {
      throw new Error('the chain has no pallet-revive account mapping');
    }
    const original = (await originalAccount(this.h160)) as Option<Codec>;
    if (original.isSome) {
      return false;
    }
    await sendAndWait(this.api, mapAccount(), this.pair, this.waitFor);
    return true;
  }

  async submitJob(input: SubmitJobInput): Promise<ActionResultWithId> {
    const deadline = input.deadline ?? (await this.bestNumber()) + (input.deadlineBlocks ?? 1000);
    const result = await this.call({
      contract: 'aiJobQueue',
      message: 'submitJob',
      args: [input.modelRef, input.dataRef, deadline, input.privacyRequired],
      value: input.budgetPlanck,
    });
    return { ...result, id: idFrom(result.events, 'JobSubmitted', 'jobId') };
  }

  depositForJob(jobId: bigint, providerH160: string, amountPlanck: bigint): Promise<ActionResult> {
    return this.call({
      contract: 'paymentEscrow',
      message: 'depositForJob',
      args: [jobId, providerH160],
      value: amountPlanck,
    });
  }

  assignProvider(jobId: bigint, providerH160: string): Promise<ActionResult> {
    return this.call({
      contract: 'aiJobQueue',
      message: 'assignProvider',
      args: [jobId, providerH160],
    });
  }

  cancelJob(jobId: bigint): Promise<ActionResult> {
    return this.call({ contract: 'aiJobQueue', message: 'cancelJob', args: [jobId] });
  }

  releaseToProvider(jobId: bigint): Promise<ActionResult> {
    return this.call({ contract: 'paymentEscrow', message: 'releaseToProvider', args: [jobId] });
  }

  refundToOwner(jobId: bigint): Promise<ActionResult> {
    return this.call({ contract: 'paymentEscrow', message: 'refundToOwner', args: [jobId] });
  }

  registerProvider(input: RegisterProviderInput): Promise<ActionResult> {
    return this.call({
      contract: 'computeProviderRegistry',
      message: 'registerProvider',
      args: [input.endpoint, input.computeUnits, input.hourlyRate],
      value: input.stakePlanck,
    });
  }

  async mintDataNft(input: MintDataNftInput): Promise<ActionResultWithId> {
    const result = await this.call({
      contract: 'dataNftRegistry',
      message: 'mint',
      args: [input.dataUri, input.privacyLevel, input.accessPrice, input.transferable],
    });
    return { ...result, id: idFrom(result.events, 'NFTMinted', 'tokenId') };
  }

  grantAccess(tokenId: bigint, granteeH160: string, paymentPlanck: bigint): Promise<ActionResult> {
    return this.call({
      contract: 'dataNftRegistry',
      message: 'grantAccess',
      args: [tokenId, granteeH160],
      value: paymentPlanck,
    });
  }

  /** Sends base64(JSON {jobId, model, data}) with the user's SS58 as "public key", as the frontend does. */
  async submitConfidentialJob(payload: ConfidentialPayload): Promise<ActionResultWithId> {
    const json = JSON.stringify({ ...payload, jobId: Number(payload.jobId) });
    return this.submitConfidentialPayload(
      Buffer.from(json, 'utf8').toString('base64'),
      this.address,
    );
  }

  /** `submit_confidential_job` with a payload already encoded (e.g. a `pmenc1:` envelope). */
  async submitConfidentialPayload(
    encryptedPayload: string,
    publicKey: string,
  ): Promise<ActionResultWithId> {
    const result = await this.call({
      contract: 'phalaJobProcessor',
      message: 'submitConfidentialJob',
      args: [encryptedPayload, publicKey],
    });
    return { ...result, id: idFrom(result.events, 'JobSubmitted', 'jobId') };
  }

  async submitIntent(input: SubmitIntentInput): Promise<ActionResultWithId> {
    const result = await this.call({
      contract: 'mevProtection',
      message: 'submitIntent',
      args: [input.encryptedIntent, input.tokenIn, input.tokenOut, input.minOutput],
    });
    return { ...result, id: idFrom(result.events, 'IntentSubmitted', 'intentId') };
  }

  /** A getter dry-run as this user, e.g. `read('aiJobQueue', 'getJob', 1n)`; `toPlain` / `toJSON` it. */
  read(contract: ContractName, message: string, ...args: unknown[]): Promise<Codec> {
    return this.gateway.read(this.address, { contract, message, args });
  }

  /** Free native balance in planck. */
  async freeBalance(): Promise<bigint> {
    const account = this.api.query['system']?.['account'];
    if (!account) {
      throw new Error('the chain has no system.account storage');
    }
    const info = (await account(this.address)) as Codec & AccountBalance;
    return info.data.free.toBigInt();
  }

  private async call(request: CallRequest): Promise<ActionResult> {
    const { blockHash, events } = await this.gateway.call(this.pair, request, this.waitFor);
    return { blockHash, events };
  }

  private async bestNumber(): Promise<number> {
    const header = await this.api.rpc.chain.getHeader();
    return header.number.toNumber();
  }
}

/** The part of system.account (FrameSystemAccountInfo) the wallet reads. */
interface AccountBalance {
  data: { free: { toBigInt(): bigint } };
}

function idFrom(events: readonly ContractEvent[], name: string, field: string): bigint {
  const event = events.find((candidate) => candidate.name === name);
  const id = event?.args[field];
  if (typeof id !== 'bigint') {
    throw new Error(
      `expected a ${name} event with a ${field}; got ${events.map((e) => e.name).join(', ') || 'none'}`,
    );
  }
  return id;
}
