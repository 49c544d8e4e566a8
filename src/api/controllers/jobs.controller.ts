import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ZodResponse, ZodValidationPipe } from 'nestjs-zod';
import { ApiErrorResponses } from '../api-error-responses';
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
  ) {}

  @Get()
  @ApiOperation({ summary: 'Projected ai_job_queue jobs, newest first, with filters and a cursor' })
  @ZodResponse({ status: 200, type: JobsPageDto })
  @ApiErrorResponses(400, 429, 500)
  list(
    @Query(new ZodValidationPipe(ListJobsQueryDto)) query: ListJobsQueryDto,
  ): Promise<JobsPageBody> {
    return this.jobs.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One job with its escrow record' })
  @ApiParam(ID_PARAM)
  @ZodResponse({ status: 200, type: JobResponseDto })
  @ApiErrorResponses(400, 404, 429, 500)
  get(@Param(new ZodValidationPipe(JobIdParamDto)) params: JobIdParamDto): Promise<JobBody> {
    return this.jobs.get(params.id);
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
      '200 in every engine state; `result` is null until the job succeeded (`isFinished` tells whether it can still change). 404 when this service did not work the job.',
  })
  @ApiParam(ID_PARAM)
  @ZodResponse({ status: 200, type: JobResultResponseDto })
  @ApiErrorResponses(400, 404, 429, 500)
  result(
    @Param(new ZodValidationPipe(JobIdParamDto)) params: JobIdParamDto,
  ): Promise<JobResultBody> {
    return this.results.result(params.id);
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
  timeline(
    @Param(new ZodValidationPipe(JobIdParamDto)) params: JobIdParamDto,
  ): Promise<TimelineBody> {
    return this.timelines.timeline(params.id);
  }
}
