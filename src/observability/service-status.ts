import type { ChainSnapshot, ChainSnapshotReader } from './chain-snapshot';
import type { ServiceStore } from './ports';

export interface StoredCounts {
  readonly events: { readonly total: number; readonly final: number; readonly tentative: number };
  readonly quarantined: number;
}

export interface ServiceStatus {
  readonly snapshot: ChainSnapshot;
  /** Null when the database is unreachable. */
  readonly counts: StoredCounts | null;
  /** CHAIN_NAME (display only). */
  readonly chainName: string | null;
}

/** Cursors, chain head, lag, endpoints and stored counts; never throws. */
export class ServiceStatusQuery {
  constructor(
    private readonly snapshots: ChainSnapshotReader,
    private readonly store: ServiceStore,
    private readonly chainName: string | null = null,
  ) {}

  async read(): Promise<ServiceStatus> {
    const snapshot = await this.snapshots.read();
    if (!snapshot.database.isReachable) {
      return { snapshot, counts: null, chainName: this.chainName };
    }
    const counts = await this.readCounts().catch(() => null);
    return { snapshot, counts, chainName: this.chainName };
  }

  async readCounts(): Promise<StoredCounts> {
    const [final, tentative, quarantined] = await Promise.all([
      this.store.events.count({ isFinal: true }),
      this.store.events.count({ isFinal: false }),
      this.store.quarantine.count(),
    ]);
    return { events: { total: final + tentative, final, tentative }, quarantined };
  }
}
