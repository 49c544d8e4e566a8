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
import { JobsQuery } from '../queries/jobs-query';
import { JobTimelineQuery } from '../queries/job-timeline-query';

const ID_PARAM = { name: 'id', description: 'ai_job_queue job id (u128, decimal)' };

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(
    @Inject(JobsQuery) private readonly jobs: JobsQuery,
    @Inject(JobTimelineQuery) private readonly timelines: JobTimelineQuery,
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

  @Get(':id/timeline')
  @ApiOperation({ summary: 'Every stored queue and escrow event of the job, with block gaps' })
  @ApiParam(ID_PARAM)
  @ZodResponse({ status: 200, type: TimelineResponseDto })
  @ApiErrorResponses(400, 404, 429, 500)
  timeline(
    @Param(new ZodValidationPipe(JobIdParamDto)) params: JobIdParamDto,
  ): Promise<TimelineBody> {
    return this.timelines.timeline(params.id);
  }
}
