import type { ChainSnapshot, ChainSnapshotReader } from './chain-snapshot';

export type ReadinessReasonCode =
  | 'DATABASE_UNREACHABLE'
  | 'NO_TRUSTED_ENDPOINT'
  | 'CHAIN_HEAD_UNKNOWN'
  | 'NO_FINALIZED_CURSOR'
  | 'FINALITY_LAG';

export interface ReadinessReason {
  readonly code: ReadinessReasonCode;
  readonly message: string;
}

export interface Readiness {
  readonly isReady: boolean;
  readonly reasons: readonly ReadinessReason[];
}

/**
 * Ready means: the database answers, at least one RPC endpoint is trusted, and the finalized
 * cursor is at most `maxLagBlocks` behind the chain's finalized head. Pure.
 */
export function assessReadiness(snapshot: ChainSnapshot, maxLagBlocks: number): Readiness {
  const reasons: ReadinessReason[] = [];
  if (!snapshot.database.isReachable) {
    reasons.push({ code: 'DATABASE_UNREACHABLE', message: 'the database did not answer' });
  }
  if (!snapshot.endpoints.some((e) => e.isTrusted)) {
    const states = snapshot.endpoints.map((e) => e.distrustReason ?? e.status).join('; ');
    reasons.push({
      code: 'NO_TRUSTED_ENDPOINT',
      message: `no RPC endpoint is trusted (${states || 'none configured'})`,
    });
  }
  if (snapshot.chainFinalized === null) {
    reasons.push({ code: 'CHAIN_HEAD_UNKNOWN', message: "the chain's finalized head is unknown" });
  }
  if (snapshot.database.isReachable && snapshot.cursors.finalized === null) {
    reasons.push({
      code: 'NO_FINALIZED_CURSOR',
      message: 'the follower has not processed a finalized block yet',
    });
  }
  if (snapshot.lagBlocks !== null && snapshot.lagBlocks > maxLagBlocks) {
    reasons.push({
      code: 'FINALITY_LAG',
      message: `the finalized cursor is ${snapshot.lagBlocks} blocks behind the chain (limit ${maxLagBlocks})`,
    });
  }
  return { isReady: reasons.length === 0, reasons };
}

/** GET /ready: a fresh snapshot, assessed. */
export class ReadinessQuery {
  constructor(
    private readonly snapshots: Pick<ChainSnapshotReader, 'read'>,
    readonly maxLagBlocks: number,
  ) {}

  async read(): Promise<Readiness & { readonly lagBlocks: number | null }> {
    const snapshot = await this.snapshots.read();
    return { ...assessReadiness(snapshot, this.maxLagBlocks), lagBlocks: snapshot.lagBlocks };
  }
}
