import type { ContractName } from '../contracts';

/** The chain client's slice of the app config (plain object; no env reads here). */
export interface ChainClientConfig {
  /** WebSocket RPC URLs, in order of preference (earlier wins a tie). */
  readonly endpoints: readonly string[];
  /** Block time the chain targets (Pop: 6000 ms; the devnet: its blockTimeMs). */
  readonly expectedBlockTimeMs: number;
  /** No new best head for `stallBlocks × expectedBlockTimeMs` → stall: resubscribe, maybe switch. */
  readonly stallBlocks: number;
  /** An endpoint whose finalized height trails the best-known one by more than this is not trusted. */
  readonly maxFinalityLagBlocks: number;
  /** Exponential backoff with jitter between reconnect attempts of one endpoint. */
  readonly reconnect: { readonly minMs: number; readonly maxMs: number };
  /** Addresses of the contracts to report events for: H160 (revive) or SS58 / `0x` AccountId32. */
  readonly contracts: Readonly<Partial<Record<ContractName, string>>>;
  /** Per connection attempt (WebSocket + metadata); default 10 000. */
  readonly connectTimeoutMs?: number;
  /** Per read, including waiting for an active endpoint; default 15 000. */
  readonly requestTimeoutMs?: number;
  /** How long `start()` waits for an active endpoint; default 30 000. */
  readonly startTimeoutMs?: number;
  /** Latency probe period; default max(1000, expectedBlockTimeMs). */
  readonly probeIntervalMs?: number;
  /** Most blocks filled in when heads skip heights; default 256. */
  readonly maxGapFill?: number;
  /** Expected genesis hash; the first endpoint to connect sets it when absent. */
  readonly genesisHash?: string;
}
