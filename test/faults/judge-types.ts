import type { RecordedCall, RecordedEvent } from './chain-recorder';

/** What the chain says, read by the harness on its own (the judge's evidence). */
export interface ChainTruth {
  readonly events: readonly RecordedEvent[];
  readonly calls: readonly RecordedCall[];
  /** get_job of every queue job, by id */
  readonly jobs: ReadonlyMap<bigint, ChainJob>;
  /** get_escrow of every queue job that has one */
  readonly escrows: ReadonlyMap<bigint, ChainEscrow>;
  /** payloads the harness's users sent for their private jobs: confidential id → queue job id */
  readonly userPayloads: ReadonlyMap<bigint, bigint>;
}

export interface ChainJob {
  readonly status: string;
  readonly owner: string;
  readonly provider: string | null;
  readonly privacy: boolean;
}

export interface ChainEscrow {
  readonly owner: string;
  readonly released: boolean;
  readonly refunded: boolean;
}

/** One deployment's store and API as the harness read them at the end of its phase. */
export interface DeploymentSnapshot {
  readonly name: string;
  readonly workerAccount: string;
  readonly workerH160: string;
  readonly custodyAccount: string;
  readonly custodyH160: string;
  readonly settlementMode: 'user-signed' | 'custodial';
  /** the finalized cursor */
  readonly cursor: number;
  /** final rows: chain_events (with their name) and quarantined_events (name null) */
  readonly storedEvents: readonly StoredEvent[];
  readonly work: readonly WorkRow[];
  readonly actions: readonly ActionRow[];
  readonly projectedJobs: ReadonlyMap<bigint, string>;
  readonly projectedEscrows: ReadonlyMap<bigint, ChainEscrow>;
  /** GET /jobs/:id and GET /jobs/:id/result of every job assigned to this worker */
  readonly api: readonly ApiJob[];
}

export interface StoredEvent {
  readonly key: string;
  readonly block: number;
  /** null: quarantined */
  readonly name: string | null;
  readonly reason: string | null;
}

export interface WorkRow {
  readonly jobId: bigint;
  readonly state: string;
  readonly attempts: number;
  readonly reason: string | null;
  readonly settlement: string;
  readonly settlementReason: string | null;
  readonly followUpDone: boolean;
  readonly confidentialId: bigint | null;
}

export interface ActionRow {
  readonly key: string;
  readonly message: string;
  readonly status: string;
  readonly attempts: number;
  readonly lastError: string | null;
}

export interface ApiJob {
  readonly id: bigint;
  /** status of GET /jobs/:id, and its body's `status` */
  readonly httpStatus: number | null;
  readonly status: string | null;
  /** status of GET /jobs/:id/result, and its body's `state` */
  readonly resultHttpStatus: number | null;
  readonly resultState: string | null;
}

/** A problem the judge found; every list in a verdict must be empty for the run to pass. */
export interface Finding {
  readonly check: string;
  readonly detail: string;
}

export interface DeploymentVerdict {
  readonly name: string;
  readonly events: {
    readonly onChain: number;
    readonly stored: number;
    readonly quarantined: number;
    readonly missing: readonly string[];
    readonly doubled: readonly string[];
    readonly phantom: readonly string[];
    readonly misfiled: readonly string[];
  };
  readonly jobs: {
    readonly assigned: number;
    readonly byState: Readonly<Record<string, number>>;
    readonly lost: readonly string[];
    readonly notTerminalNorFlagged: readonly string[];
    readonly flagged: readonly string[];
  };
  readonly effects: {
    readonly calls: number;
    readonly failedCalls: readonly string[];
    readonly missing: readonly string[];
    readonly doubled: readonly string[];
    readonly outOfOrder: readonly string[];
  };
  readonly escrows: {
    readonly total: number;
    readonly released: number;
    readonly refunded: number;
    readonly flagged: number;
    readonly unsettledNorFlagged: readonly string[];
  };
  readonly outbox: {
    readonly byStatus: Readonly<Record<string, number>>;
    readonly stuck: readonly string[];
  };
  readonly projections: { readonly mismatches: readonly string[] };
  readonly api: { readonly mismatches: readonly string[] };
}
