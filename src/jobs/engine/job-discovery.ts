import type { H160 } from '../../contracts';
import type { JobEngineStores } from './job-engine-ports';
import type { WorkLedger } from './work-ledger';

/** Rows per page of the projection listing. */
const PAGE = 200;
/**
 * How often discovery also looks at cancelled jobs: one its owner cancelled before any pass saw it
 * assigned still gets a ledger row (admission then ends it cancelled), so its escrow is offered
 * for refund, or flagged.
 */
export const CANCELLED_SCAN_EVERY_MS = 30_000;

type DiscoveredStatus = 'Assigned' | 'InProgress' | 'Cancelled';

/**
 * Discovery: every queue job assigned to one of our providers (finalized projection, `Assigned`
 * or `InProgress`, and `Cancelled` every CANCELLED_SCAN_EVERY_MS) enters the work ledger once, as
 * `discovered`.
 */
export class JobDiscovery {
  /** Jobs already in the ledger: a pass does not insert them again. */
  private readonly known = new Set<bigint>();
  private lastCancelledScanAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly projections: JobEngineStores['projections'],
    private readonly ledger: WorkLedger,
    private readonly providers: readonly H160[],
    private readonly now: () => Date,
  ) {}

  /** The next pass scans cancelled jobs too (the engine's start). */
  rescanCancelled(): void {
    this.lastCancelledScanAt = Number.NEGATIVE_INFINITY;
  }

  async discover(): Promise<void> {
    const now = this.now().getTime();
    const statuses: DiscoveredStatus[] = ['Assigned', 'InProgress'];
    if (now - this.lastCancelledScanAt >= CANCELLED_SCAN_EVERY_MS) {
      this.lastCancelledScanAt = now;
      statuses.push('Cancelled');
    }
    for (const provider of this.providers) {
      for (const status of statuses) {
        let cursor: string | null = null;
        do {
          const page = await this.projections.listJobs({ provider, status, limit: PAGE, cursor });
          for (const job of page.items.filter((j) => !this.known.has(j.id))) {
            await this.ledger.discover(
              {
                queueJobId: job.id,
                provider,
                owner: job.owner,
                modelRef: job.modelRef,
                dataRef: job.dataRef,
                budget: job.budget,
                deadlineBlock: job.deadline,
                privacyRequired: job.privacyRequired,
              },
              `assigned to ${provider}`,
            );
            this.known.add(job.id);
          }
          cursor = page.nextCursor;
        } while (cursor !== null);
      }
    }
  }
}
