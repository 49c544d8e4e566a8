import type { H160 } from '../../contracts';
import type { ProjectionRepository, ProjectedProvider } from '../../projections';
import { planckPrice } from '../bodies/planck-price';
import type { FrontendProvidersBody } from '../dto/frontend.dto';

type Reads = Pick<ProjectionRepository, 'listProviders' | 'listJobs'>;

const PAGE = 1000;

/**
 * /api/providers: the registry projection in the marketplace's shape (§3.4). `hourly_rate` is
 * caller-defined on-chain; this service and its provider registration write it in contract units,
 * so `pricePerHour` is it in planck. `location` is not on-chain and is left out (never `null`).
 */
export class ProviderListing {
  constructor(private readonly projections: Reads) {}

  async list(): Promise<FrontendProvidersBody> {
    const providers = await this.allProviders();
    const items = await Promise.all(
      providers.map(async (p) => ({
        address: p.provider,
        endpoint: p.endpoint,
        computeTypes: [],
        computeUnits: p.computeUnits.toString(),
        reputation: p.reputationScore / 20,
        reputationScore: p.reputationScore,
        jobsCompleted: await this.completedBy(p.provider),
        pricePerHour: planckPrice(p.hourlyRate),
        hourlyRate: p.hourlyRate.toString(),
        available: p.isActive,
        stake: p.stake.toString(),
      })),
    );
    return { success: true, count: items.length, providers: items, source: 'blockchain' };
  }

  private async allProviders(): Promise<ProjectedProvider[]> {
    const out: ProjectedProvider[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.projections.listProviders({ limit: PAGE, cursor });
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return out;
  }

  private async completedBy(provider: H160): Promise<number> {
    let count = 0;
    let cursor: string | null = null;
    do {
      const page = await this.projections.listJobs({
        status: 'Completed',
        provider,
        limit: PAGE,
        cursor,
      });
      count += page.items.length;
      cursor = page.nextCursor;
    } while (cursor !== null);
    return count;
  }
}
