import type { ProjectionRepository, ProjectedJob } from '../../projections';
import { AppError, InvalidStorageValueError } from '../../shared';

import { toJobBody } from '../bodies/job-body';
import {
  JOBS_DEFAULT_LIMIT,
  type JobBody,
  type JobsPageBody,
  type JobStatusBody,
  type ListJobsQueryInput,
} from '../dto/jobs.dto';

type JobReads = Pick<
  ProjectionRepository,
  'getJob' | 'getJobWithEscrow' | 'listJobs' | 'getEscrow'
>;

/** /jobs and /jobs/:id: the ai_job_queue projection with each job's escrow record. */
export class JobsQuery {
  constructor(private readonly projections: JobReads) {}

  /** @throws AppError NOT_FOUND */
  async require(id: bigint): Promise<ProjectedJob> {
    return (await this.projections.getJob(id)) ?? notKnown(id);
  }

  /** @throws AppError NOT_FOUND */
  async get(id: bigint): Promise<JobBody> {
    const found = await this.projections.getJobWithEscrow(id);
    return found === null ? notKnown(id) : toJobBody(found.job, found.escrow);
  }

  async status(id: bigint): Promise<JobStatusBody> {
    const job = await this.require(id);
    return {
      id: job.id.toString(),
      status: job.status,
      assignedProvider: job.assignedProvider,
      updatedBlock: job.updated.block.toString(),
    };
  }

  async list(query: ListJobsQueryInput): Promise<JobsPageBody> {
    const cursor = query.cursor ?? null;
    try {
      const page = await this.projections.listJobs({
        status: query.status,
        owner: query.owner,
        provider: query.provider,
        model: query.model,
        limit: query.limit ?? JOBS_DEFAULT_LIMIT,
        cursor,
      });
      const items = await Promise.all(
        page.items.map(async (job) => toJobBody(job, await this.projections.getEscrow(job.id))),
      );
      return { items, nextCursor: page.nextCursor };
    } catch (err) {
      if (err instanceof InvalidStorageValueError && cursor !== null) {
        throw new AppError(
          'INVALID_CURSOR',
          'cursor is not a nextCursor value from a previous page',
          { field: 'cursor' },
          { cause: err },
        );
      }
      throw err;
    }
  }
}

function notKnown(id: bigint): never {
  throw new AppError('NOT_FOUND', `job ${id} is not known (not submitted or not indexed yet)`, {
    id: id.toString(),
  });
}
