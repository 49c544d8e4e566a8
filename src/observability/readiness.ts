import type { PartReport } from '../shared';
import type { ChainSnapshot, ChainSnapshotReader } from './chain-snapshot';
import type { SignerBalance, SignerBalanceReader } from './signer-balances';

export type ReadinessReasonCode =
  | 'DATABASE_UNREACHABLE'
  | 'NO_TRUSTED_ENDPOINT'
  | 'CHAIN_HEAD_UNKNOWN'
  | 'NO_FINALIZED_CURSOR'
  | 'FINALITY_LAG'
  | 'DRAINING'
  | 'SIGNER_BALANCE_LOW'
  | 'STARTING'
  | 'JOB_ENGINE_UNHEALTHY'
  | 'TX_MANAGER_UNHEALTHY'
  | 'PART_UNHEALTHY';

/** The reason code of each long-running part's ill health; any other part: PART_UNHEALTHY. */
const PART_REASON_CODES: Readonly<Record<string, ReadinessReasonCode>> = {
  startup: 'STARTING',
  'job-engine': 'JOB_ENGINE_UNHEALTHY',
  'tx-manager': 'TX_MANAGER_UNHEALTHY',
};

export interface ReadinessReason {
  readonly code: ReadinessReasonCode;
  readonly message: string;
}

export interface Readiness {
  readonly isReady: boolean;
  /** Shutting down: load balancers should stop sending traffic here. */
  readonly isDraining?: boolean;
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
    /** Shutdown in progress: not ready at once, without reading anything. */
    private readonly isDraining: () => boolean = () => false,
    /** The signers' balances and the threshold below which the service is not ready (0 = off). */
    private readonly signers: SignerBalanceCheck | null = null,
    /** The service's long-running parts (engine, transaction manager, …), each with its health. */
    private readonly parts: () => readonly PartReport[] = () => [],
  ) {}

  async read(): Promise<Readiness & { readonly lagBlocks: number | null }> {
    if (this.isDraining()) {
      return {
        isReady: false,
        isDraining: true,
        reasons: [{ code: 'DRAINING', message: 'the service is shutting down' }],
        lagBlocks: null,
      };
    }
    const check = this.signers;
    const [snapshot, balances] = await Promise.all([
      this.snapshots.read(),
      check === null || check.minPlanck <= 0n ? [] : check.reader.read(),
    ]);
    const chain = assessReadiness(snapshot, this.maxLagBlocks);
    const low = lowBalanceReasons(balances, check?.minPlanck ?? 0n);
    const parts = partReasons(this.parts());
    return {
      isReady: chain.isReady && low.length === 0 && parts.length === 0,
      reasons: [...chain.reasons, ...low, ...parts],
      lagBlocks: snapshot.lagBlocks,
    };
  }
}

export interface SignerBalanceCheck {
  readonly reader: Pick<SignerBalanceReader, 'read'>;
  /** Planck; 0 disables the check. */
  readonly minPlanck: bigint;
}

/**
 * A reason per signer whose free balance is known and below `minPlanck` (0 disables). A balance
 * that could not be read is not a reason: an unreachable chain is reported by the endpoint checks.
 */
export function lowBalanceReasons(
  balances: readonly SignerBalance[],
  minPlanck: bigint,
): ReadinessReason[] {
  if (minPlanck <= 0n) {
    return [];
  }
  return balances
    .filter((b) => b.free !== null && b.free < minPlanck)
    .map((b) => ({
      code: 'SIGNER_BALANCE_LOW' as const,
      message: `the ${b.role} signer ${b.address} holds ${b.free} planck, below the minimum ${minPlanck}`,
    }));
}

/** A reason per unhealthy part, e.g. `TX_MANAGER_UNHEALTHY` "tx-manager: the last 3 passes failed: …". */
export function partReasons(parts: readonly PartReport[]): ReadinessReason[] {
  return parts
    .filter((part) => !part.isHealthy)
    .map((part) => ({
      code: PART_REASON_CODES[part.name] ?? 'PART_UNHEALTHY',
      message: `${part.name}: ${part.reason ?? 'unhealthy'}`,
    }));
}
