import { ChainClientError } from '../chain';

import {
  CONTRACT_NAMES,
  CONTRACT_PALLET,
  PASEO_CONTRACT_ADDRESSES,
  decodeReturn,
  encodeCall,
  toSs58,
  type ContractName,
  type ContractPallet,
} from '../contracts';
import { reuseFor, TimeoutError, withTimeout, type Logger } from '../shared';
import type { ChainView } from './ports';

/** A cheap, argument-free getter per contract, dry-run to tell whether the contract answers. */
export const PROBE_GETTERS: Readonly<Record<ContractName, string>> = {
  aiJobQueue: 'get_job_counter',
  paymentEscrow: 'get_admin',
  computeProviderRegistry: 'get_provider_count',
  dataNftRegistry: 'get_admin',
  phalaJobProcessor: 'get_job_counter',
  mevProtection: 'get_intent_counter',
};

/** AccountId32 of zeros: the dry-run origin when none is configured (revive may refuse it). */
const ZERO_ACCOUNT = `0x${'00'.repeat(32)}`;

/**
 * What /health says of a contract, from the probe's dry run:
 * - `active`: the getter answered with a decodable value: the contract is deployed and runs;
 * - `unreachable`: the chain answered, but not the contract (no contract at the address, a trap,
 *   a revert, an answer that does not decode);
 * - `unknown`: the question could not be asked (no trusted RPC endpoint, timeout, transport error,
 *   or the dry-run origin is not mapped on pallet-revive), so nothing is known of the contract.
 */
export type ContractHealth = 'active' | 'unreachable' | 'unknown';

/** Dispatch errors that say nothing about the contract: its caller is the problem. */
const ORIGIN_ERRORS: ReadonlySet<string> = new Set(['AccountUnmapped']);

export interface ContractState {
  readonly name: ContractName;
  readonly pallet: ContractPallet;
  /** As configured: H160 (revive) or AccountId32 hex (contracts), lowercase. */
  readonly address: string;
  /** SS58 (prefix 42) of a pallet-contracts contract; null on revive. */
  readonly ss58: string | null;
  /** From abis/paseo-deployments.json when the address is the Paseo deployment; else null. */
  readonly codeHash: string | null;
  readonly getter: string;
  /** The getter's dry run returned a decodable value. */
  readonly isReachable: boolean;
  /** Why not (dispatch error, revert, timeout…); null when reachable. */
  readonly reachError: string | null;
  readonly health: ContractHealth;
}

export interface ContractProbeConfig {
  /** Configured contract addresses. */
  readonly contracts: Readonly<Record<ContractName, string>>;
  /** Dry-run origin (SS58 or AccountId32 hex); on pallet-revive it must be mapped. */
  readonly readOrigin: string | null;
  readonly timeoutMs: number;
  /** Answers are reused this long (CACHE_TTL), and concurrent callers share one probe; 0: never. */
  readonly cacheMs?: number;
}

/** Dry-runs one getter per contract, in parallel; never throws. */
export class ContractProbe {
  readonly probeAll: () => Promise<ContractState[]>;

  constructor(
    private readonly chain: Pick<ChainView, 'dryRun'>,
    private readonly config: ContractProbeConfig,
    private readonly log: Logger,
    now: () => number = Date.now,
  ) {
    this.probeAll = reuseFor(config.cacheMs ?? 0, now, () =>
      Promise.all(CONTRACT_NAMES.map((name) => this.probe(name))),
    );
  }

  private async probe(name: ContractName): Promise<ContractState> {
    const address = this.config.contracts[name].toLowerCase();
    const pallet = CONTRACT_PALLET[name];
    const getter = PROBE_GETTERS[name];
    const { error: reach, isAsked } = await this.dryRun(name, getter);
    return {
      name,
      pallet,
      address,
      ss58: pallet === 'contracts' ? toSs58(address, 42) : null,
      codeHash: paseoCodeHash(name, address),
      getter,
      isReachable: reach === null,
      reachError: reach,
      health: reach === null ? 'active' : isAsked ? 'unreachable' : 'unknown',
    };
  }

  /**
   * `error`: null when the getter answered, else the reason. `isAsked`: the chain ran the call for
   * the contract (false: transport, timeout, or an origin the runtime refuses).
   */
  private async dryRun(
    name: ContractName,
    getter: string,
  ): Promise<{ error: string | null; isAsked: boolean }> {
    try {
      const result = await withTimeout(
        this.chain.dryRun({
          contract: name,
          origin: this.config.readOrigin ?? ZERO_ACCOUNT,
          value: 0n,
          input: encodeCall(name, getter, {}),
        }),
        this.config.timeoutMs,
        `${name}.${getter} dry run`,
      );
      if (!result.ok) {
        return { error: result.error, isAsked: !ORIGIN_ERRORS.has(result.error) };
      }
      if (result.isReverted) {
        return { error: 'reverted', isAsked: true };
      }
      const decoded = decodeReturn(name, getter, result.data);
      return { error: decoded.ok ? null : decoded.error, isAsked: true };
    } catch (err) {
      this.log.debug('contract probe failed', { contract: name, err });
      if (err instanceof ChainClientError) {
        return { error: err.code, isAsked: false };
      }
      return { error: err instanceof TimeoutError ? 'timeout' : 'dry run failed', isAsked: false };
    }
  }
}

function paseoCodeHash(name: ContractName, address: string): string | null {
  const deployed = PASEO_CONTRACT_ADDRESSES[name];
  const paseoAddress = deployed.pallet === 'revive' ? deployed.h160 : deployed.accountId;
  return paseoAddress.toLowerCase() === address ? deployed.codeHash : null;
}
