import type { ChainClient } from '../chain';
import type { H160, ProviderProfile } from '../contracts';
import { ContractReader } from '../projections';
import { withTimeout } from '../shared';

/** Direct reads of compute_provider_registry, for what the projection cannot tell. */
export interface RegistryReader {
  /** `get_provider` at the chain's finalized head, and that head's number. */
  finalizedProvider(
    provider: H160,
  ): Promise<{ readonly profile: ProviderProfile | null; readonly block: bigint }>;
  /** `get_min_stake` (contract units) at the best block. */
  minStake(): Promise<bigint>;
}

/**
 * RegistryReader over ChainClient dry runs. `origin` must be mapped on pallet-revive (the worker
 * key is: the transaction manager maps it at start).
 */
export class ChainRegistryReader implements RegistryReader {
  private readonly reader: ContractReader;

  constructor(
    private readonly client: Pick<ChainClient, 'dryRun' | 'getFinalizedHead'>,
    origin: string,
  ) {
    this.reader = new ContractReader(client, origin);
  }

  async finalizedProvider(
    provider: H160,
  ): Promise<{ readonly profile: ProviderProfile | null; readonly block: bigint }> {
    const head = await this.client.getFinalizedHead();
    return { profile: await this.reader.provider(provider, head.hash), block: head.number };
  }

  minStake(): Promise<bigint> {
    return this.reader.counter('computeProviderRegistry', 'get_min_stake');
  }
}

/**
 * `get_min_stake` for the provider fit, or null when it cannot be read (no mapped origin, chain
 * unreachable within `timeoutMs`): the fit then leaves the stake unchecked and says so.
 */
export function registryMinStakeSource(
  chain: Pick<ChainClient, 'dryRun'>,
  origin: string | null,
  timeoutMs: number,
): () => Promise<bigint | null> {
  if (origin === null) {
    return () => Promise.resolve(null);
  }
  const reader = new ContractReader(chain, origin);
  return async () => {
    try {
      return await withTimeout(
        reader.counter('computeProviderRegistry', 'get_min_stake'),
        timeoutMs,
        'get_min_stake',
      );
    } catch {
      return null;
    }
  };
}
