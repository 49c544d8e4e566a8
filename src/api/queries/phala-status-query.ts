import type { ProjectionRepository } from '../../projections';
import type { PhalaStatusBody } from '../dto/frontend.dto';
import { enumerateIds, type EventReads } from './stored-events';

type Reads = Pick<ProjectionRepository, 'getConfidentialJob'>;

const NOTE =
  'Counts from the phala_job_processor projection. No Phala CVM or TEE worker is deployed or ' +
  'monitored by this service, so appId, cvmId, status, uptime, resources and version are not ' +
  'sent (a page showing them shows its own defaults).';

/**
 * /api/phala/status: real counts of confidential jobs (§3.6). Nothing about a TEE is invented,
 * and nothing the page reads is `null` (it merges `data` over its defaults and calls `.slice`).
 */
export class PhalaStatusQuery {
  constructor(
    private readonly projections: Reads,
    private readonly events: EventReads,
    private readonly contractAddress: string,
  ) {}

  async read(): Promise<PhalaStatusBody> {
    const jobs = await enumerateIds(
      this.events,
      { contract: 'phalaJobProcessor', eventName: 'JobSubmitted', field: 'jobId' },
      (id) => this.projections.getConfidentialJob(id),
    );
    const processed = jobs.filter((j) => j.processed);
    const processedAndAttested = processed.filter((j) => j.attestation !== null).length;
    return {
      success: true,
      data: {
        contractAddress: this.contractAddress,
        jobsSubmitted: jobs.length,
        jobsProcessed: processed.length,
        jobsAttested: jobs.filter((j) => j.attestation !== null).length,
        ...(processed.length > 0 && {
          successRate: Math.round((processedAndAttested / processed.length) * 1000) / 10,
        }),
      },
      note: NOTE,
    };
  }
}
