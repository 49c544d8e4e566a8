import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ZodResponse, ZodValidationPipe } from 'nestjs-zod';
import { ApiErrorResponses } from '../api-error-responses';
import { PrivateRead, ReadCredentials } from '../auth/private-read-decorators';
import {
  PRIVATE_JOB_ACCESS,
  type PrivateJobAccess,
  type PrivateReadCredentials,
} from '../auth/private-job-access';
import { withholdEngineDetails, withholdJobRefs } from '../bodies/private-job-fields';
import {
  JobIdParamDto,
  JobResponseDto,
  JobsPageDto,
  JobStatusResponseDto,
  ListJobsQueryDto,
  TimelineResponseDto,
  type JobBody,
  type JobsPageBody,
  type JobStatusBody,
  type TimelineBody,
} from '../dto/jobs.dto';
import {
  JobAttestationResponseDto,
  JobResultResponseDto,
  type JobAttestationBody,
  type JobResultBody,
} from '../dto/job-engine.dto';
import { readJob } from '../queries/job-read';
import { JobsQuery } from '../queries/jobs-query';
import { JobAttestationQuery } from '../queries/job-attestation-query';
import { JobResultQuery } from '../queries/job-result-query';
import { JobTimelineQuery } from '../queries/job-timeline-query';

const ID_PARAM = { name: 'id', description: 'ai_job_queue job id (u128, decimal)' };

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(
    @Inject(JobsQuery) private readonly jobs: JobsQuery,
    @Inject(JobTimelineQuery) private readonly timelines: JobTimelineQuery,
    @Inject(JobResultQuery) private readonly results: JobResultQuery,
    @Inject(JobAttestationQuery) private readonly attestations: JobAttestationQuery,
    @Inject(PRIVATE_JOB_ACCESS) private readonly access: PrivateJobAccess,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Projected ai_job_queue jobs, newest first, with filters and a cursor' })
  @ZodResponse({ status: 200, type: JobsPageDto })
  @ApiErrorResponses(400, 429, 500)
  @PrivateRead({ listing: true })
  async list(
    @Query(new ZodValidationPipe(ListJobsQueryDto)) query: ListJobsQueryDto,
    @ReadCredentials() credentials: PrivateReadCredentials,
  ): Promise<JobsPageBody> {
    const page = await this.jobs.list(query);
    if ((await this.access.decideForListing(credentials)) === 'show') {
      return page;
    }
    return { ...page, items: page.items.map(withholdJobRefs) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One job with its escrow record' })
  @ApiParam(ID_PARAM)
  @ZodResponse({ status: 200, type: JobResponseDto })
  @ApiErrorResponses(400, 404, 429, 500)
  @PrivateRead()
  async get(
    @Param(new ZodValidationPipe(JobIdParamDto)) params: JobIdParamDto,
    @ReadCredentials() credentials: PrivateReadCredentials,
  ): Promise<JobBody> {
    return readJob(this.jobs, this.access, params.id, credentials);
  }

  @Get(':id/status')
  @ApiOperation({ summary: 'The job status only' })
  @ApiParam(ID_PARAM)
  @ZodResponse({ status: 200, type: JobStatusResponseDto })
  @ApiErrorResponses(400, 404, 429, 500)
  status(
    @Param(new ZodValidationPipe(JobIdParamDto)) params: JobIdParamDto,
  ): Promise<JobStatusBody> {
    return this.jobs.status(params.id);
  }

  @Get(':id/result')
  @ApiOperation({
    summary:
      "The job engine's result: state, attempts, digests, and the output (inline text/JSON, else a cas: reference)",
    description:
      '200 in every engine state; `result` is null until the job succeeded (`isFinished` tells whether it can still change). 404 when this service did not work the job. A private job (privacy_required) is answered only to its owner (X-PolkaMesh-Owner-Signature) or a jobs:read-private token: 401 without, 403 for a valid signature by someone else; its state is on /jobs/:id/status and its digests on /jobs/:id/attestation.',
  })
  @ApiParam(ID_PARAM)
  @ZodResponse({ status: 200, type: JobResultResponseDto })
  @ApiErrorResponses(400, 404, 429, 500)
  @PrivateRead({ required: true })
  async result(
    @Param(new ZodValidationPipe(JobIdParamDto)) params: JobIdParamDto,
    @ReadCredentials() credentials: PrivateReadCredentials,
  ): Promise<JobResultBody> {
    const work = await this.results.require(params.id);
    const facts = { id: params.id, owner: work.owner, privacyRequired: work.privacyRequired };
    await this.access.require(facts, credentials);
    return this.results.bodyOf(work);
  }

  @Get(':id/attestation')
  @ApiOperation({
    summary:
      'Our signed attestation (verified here), the on-chain record, and whether the on-chain proof is ours',
  })
  @ApiParam(ID_PARAM)
  @ZodResponse({ status: 200, type: JobAttestationResponseDto })
  @ApiErrorResponses(400, 404, 429, 500)
  attestation(
    @Param(new ZodValidationPipe(JobIdParamDto)) params: JobIdParamDto,
  ): Promise<JobAttestationBody> {
    return this.attestations.attestation(params.id);
  }

  @Get(':id/timeline')
  @ApiOperation({
    summary:
      'Chain stages (queue and escrow events, block gaps), engine stages (ms gaps), and both merged by time',
  })
  @ApiParam(ID_PARAM)
  @ZodResponse({ status: 200, type: TimelineResponseDto })
  @ApiErrorResponses(400, 404, 429, 500)
  @PrivateRead()
  async timeline(
    @Param(new ZodValidationPipe(JobIdParamDto)) params: JobIdParamDto,
    @ReadCredentials() credentials: PrivateReadCredentials,
  ): Promise<TimelineBody> {
    const job = await this.jobs.require(params.id);
    const decision = await this.access.decide(job, credentials);
    const body = await this.timelines.timeline(params.id);
    return decision === 'show' ? body : withholdEngineDetails(body);
  }
}
