import type { EndpointState } from '../chain';

import { withTimeout, type Logger } from '../shared';
import type { ChainCursor } from '../chain/follower';
import type { ChainView, ServiceStore } from './ports';

/** The follower's position against the chain, read once for health, readiness, status and metrics. */
export interface ChainSnapshot {
  readonly database: { readonly isReachable: boolean; readonly error: string | null };
  readonly cursors: { readonly best: ChainCursor | null; readonly finalized: ChainCursor | null };
  /**
   * The chain's finalized head: from the active endpoint, or else the highest finalized number
   * that a trusted endpoint announced (hash null then); null when no endpoint knows one.
   */
  readonly chainFinalized: { readonly number: bigint; readonly hash: string | null } | null;
  /** Chain finalized head minus the finalized cursor (≥ 0); null when either is unknown. */
  readonly lagBlocks: number | null;
  readonly endpoints: readonly EndpointState[];
}

export interface ChainSnapshotConfig {
  /** How long a chain read may take before the endpoint states' numbers are used instead. */
  readonly chainTimeoutMs: number;
}

/** Reads a ChainSnapshot; never throws (an unreachable part is reported in the snapshot). */
export class ChainSnapshotReader {
  constructor(
    private readonly store: ServiceStore,
    private readonly chain: ChainView,
    private readonly config: ChainSnapshotConfig,
    private readonly log: Logger,
  ) {}

  async read(): Promise<ChainSnapshot> {
    const endpoints = this.chain.getEndpointStates();
    const [cursors, chainFinalized] = await Promise.all([
      this.readCursors(),
      this.readChainFinalized(endpoints),
    ]);
    const finalizedCursor = cursors.cursors.finalized;
    const lagBlocks =
      chainFinalized !== null && finalizedCursor !== null
        ? Math.max(0, Number(chainFinalized.number - finalizedCursor.block.number))
        : null;
    return {
      database: cursors.database,
      cursors: cursors.cursors,
      chainFinalized,
      lagBlocks,
      endpoints,
    };
  }

  private async readCursors(): Promise<Pick<ChainSnapshot, 'database' | 'cursors'>> {
    try {
      const [best, finalized] = await Promise.all([
        this.store.cursors.get('best'),
        this.store.cursors.get('finalized'),
      ]);
      return { database: { isReachable: true, error: null }, cursors: { best, finalized } };
    } catch (err) {
      this.log.warn('database unreachable', { err });
      return {
        database: { isReachable: false, error: 'database query failed' },
        cursors: { best: null, finalized: null },
      };
    }
  }

  private async readChainFinalized(
    endpoints: readonly EndpointState[],
  ): Promise<ChainSnapshot['chainFinalized']> {
    try {
      const head = await withTimeout(
        this.chain.getFinalizedHead(),
        this.config.chainTimeoutMs,
        'finalized head',
      );
      return { number: head.number, hash: head.hash };
    } catch (err) {
      this.log.debug('finalized head unavailable; using endpoint states', { err });
      const known = endpoints
        .filter((e) => e.isTrusted && e.finalizedNumber !== null)
        .map((e) => e.finalizedNumber as bigint);
      if (known.length === 0) {
        return null;
      }
      return { number: known.reduce((a, b) => (a > b ? a : b)), hash: null };
    }
  }
}
