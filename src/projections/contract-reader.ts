import type { ChainClient } from '../chain';
import {
  accountIdFromH160,
  CONTRACT_PALLET,
  decodeReturn,
  encodeCall,
  h160FromAccountId,
  type Batch,
  type BatchResult,
  type ConfidentialJob,
  type ContractName,
  type DataNft,
  type Escrow,
  type H160,
  type Intent,
  type JobAttestation,
  type ProviderProfile,
  type QueueJob,
} from '../contracts';

/** A getter's dry run did not return a value (dispatch error, revert, LangError). */
export class ContractReadError extends Error {
  constructor(
    message: string,
    readonly contract: ContractName,
    readonly messageName: string,
  ) {
    super(message);
    this.name = 'ContractReadError';
  }
}

/**
 * Typed getter reads through `ChainClient.dryRun` (value 0). `origin` is any AccountId (SS58 or
 * `0x` + 64 hex); on pallet-revive it must be MAPPED (`revive.map_account`), or every read of the
 * four revive contracts fails with AccountUnmapped. `at` is a block hash; the state read is the
 * state after that block.
 *
 * A block older than the origin's own `map_account` (a new database following from START_BLOCK,
 * a worker key mapped at its first start) would refuse every read, and the follower could never
 * get past it: such a read is asked again as the eth-derived account of the origin's H160 (H160 +
 * 12 × 0xEE), which pallet-revive always treats as mapped. Getters do not depend on the caller.
 */
export class ContractReader {
  private readonly fallbackOrigin: string;

  constructor(
    private readonly client: Pick<ChainClient, 'dryRun'>,
    private readonly origin: string,
  ) {
    this.fallbackOrigin = accountIdFromH160(h160FromAccountId(origin));
  }

  async read(
    contract: ContractName,
    message: string,
    args: Record<string, unknown>,
    at: string | undefined,
  ): Promise<unknown> {
    const input = encodeCall(contract, message, args);
    const call = { contract, value: 0n, input, at };
    let result = await this.client.dryRun({ ...call, origin: this.origin });
    if (
      !result.ok &&
      result.error === 'AccountUnmapped' &&
      CONTRACT_PALLET[contract] === 'revive'
    ) {
      result = await this.client.dryRun({ ...call, origin: this.fallbackOrigin });
    }
    const what = `${contract}.${message} at ${at ?? 'best'}`;
    if (!result.ok) {
      throw new ContractReadError(`${what}: dry run failed: ${result.error}`, contract, message);
    }
    if (result.isReverted) {
      throw new ContractReadError(`${what}: dry run reverted`, contract, message);
    }
    const decoded = decodeReturn(contract, message, result.data);
    if (!decoded.ok) {
      throw new ContractReadError(`${what}: ${decoded.error}`, contract, message);
    }
    return decoded.value;
  }

  async counter(contract: ContractName, message: string, at?: string): Promise<bigint> {
    return (await this.read(contract, message, {}, at)) as bigint;
  }

  async queueJob(jobId: bigint, at?: string): Promise<QueueJob | null> {
    return (await this.read('aiJobQueue', 'get_job', { jobId }, at)) as QueueJob | null;
  }

  async escrow(jobId: bigint, at?: string): Promise<Escrow | null> {
    return (await this.read('paymentEscrow', 'get_escrow', { jobId }, at)) as Escrow | null;
  }

  async provider(provider: H160, at?: string): Promise<ProviderProfile | null> {
    const value = await this.read('computeProviderRegistry', 'get_provider', { provider }, at);
    return value as ProviderProfile | null;
  }

  async nft(tokenId: bigint, at?: string): Promise<DataNft | null> {
    return (await this.read('dataNftRegistry', 'get_nft', { tokenId }, at)) as DataNft | null;
  }

  async hasAccess(tokenId: bigint, account: H160, at?: string): Promise<boolean> {
    return (await this.read('dataNftRegistry', 'has_access', { tokenId, account }, at)) as boolean;
  }

  async approved(tokenId: bigint, at?: string): Promise<H160 | null> {
    return (await this.read('dataNftRegistry', 'get_approved', { tokenId }, at)) as H160 | null;
  }

  async confidentialJob(jobId: bigint, at?: string): Promise<ConfidentialJob | null> {
    const value = await this.read('phalaJobProcessor', 'get_job', { jobId }, at);
    return value as ConfidentialJob | null;
  }

  async attestation(jobId: bigint, at?: string): Promise<JobAttestation | null> {
    const value = await this.read('phalaJobProcessor', 'get_attestation', { jobId }, at);
    return value as JobAttestation | null;
  }

  async intent(intentId: bigint, at?: string): Promise<Intent | null> {
    return (await this.read('mevProtection', 'get_intent', { intentId }, at)) as Intent | null;
  }

  async batch(batchId: bigint, at?: string): Promise<Batch | null> {
    return (await this.read('mevProtection', 'get_batch', { batchId }, at)) as Batch | null;
  }

  async batchResult(batchId: bigint, at?: string): Promise<BatchResult | null> {
    const value = await this.read('mevProtection', 'get_batch_result', { batchId }, at);
    return value as BatchResult | null;
  }
}
