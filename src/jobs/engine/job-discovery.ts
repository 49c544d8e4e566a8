import type { H160 } from '../../contracts';
import type { JobEngineStores } from './job-engine-ports';
import type { WorkLedger } from './work-ledger';

/** Rows per page of the projection listing. */
const PAGE = 200;

/**
 * Discovery: every queue job assigned to one of our providers (finalized projection, `Assigned`
 * or `InProgress`) enters the work ledger once, as `discovered`.
 */
export class JobDiscovery {
  /** Jobs already in the ledger: a pass does not insert them again. */
  private readonly known = new Set<bigint>();

  constructor(
    private readonly projections: JobEngineStores['projections'],
    private readonly ledger: WorkLedger,
    private readonly providers: readonly H160[],
  ) {}

  async discover(): Promise<void> {
    for (const provider of this.providers) {
      for (const status of ['Assigned', 'InProgress'] as const) {
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
