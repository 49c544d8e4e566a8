import type { ProviderProfile } from '../contracts';
import { type ProjectionRepository, type ProjectedJob, providerView } from '../projections';
import { providersFittingJob, type FitResult } from './providers-fitting-job';

/** The quote period when the caller gives none: one hour. */
export const DEFAULT_ESTIMATED_SECONDS = 3_600n;

const PAGE = 1000;

export interface JobProviderFit {
  readonly job: ProjectedJob;
  /** Null when it could not be read: the stake was not checked. */
  readonly minStake: bigint | null;
  readonly estimatedSeconds: bigint;
  readonly result: FitResult;
}

/** Which indexed providers fit a projected job (see providersFittingJob). */
export class ProviderFitQuery {
  constructor(
    private readonly projections: Pick<ProjectionRepository, 'getJob' | 'listProviders'>,
    private readonly minStake: () => Promise<bigint | null>,
  ) {}

  /** Null when the job is not indexed. */
  async fit(jobId: bigint, estimatedSeconds: bigint): Promise<JobProviderFit | null> {
    const job = await this.projections.getJob(jobId);
    if (job === null) {
      return null;
    }
    const [providers, minStake] = await Promise.all([this.allProviders(), this.minStake()]);
    return {
      job,
      minStake,
      estimatedSeconds,
      result: providersFittingJob(job, providers, { minStake, estimatedSeconds }),
    };
  }

  private async allProviders(): Promise<ProviderProfile[]> {
    const out: ProviderProfile[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.projections.listProviders({ limit: PAGE, cursor });
      out.push(...page.items.map(providerView));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return out;
  }
}
