import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ZodResponse, ZodValidationPipe } from 'nestjs-zod';
import type { JobOperator, JobWork } from '../../jobs/engine';
import { AppError } from '../../shared';
import { ApiErrorResponses } from '../api-error-responses';
import type { ApiPrincipal } from '../auth/api-tokens';
import { Principal, RequireScopes } from '../auth/require-scopes';
import { API_JOB_OPERATOR } from '../auth/write-api-providers';
import { JobIdParamDto } from '../dto/jobs.dto';
import { WorkStateResponseDto, type WorkStateBody } from '../dto/operator.dto';

const ID_PARAM = { name: 'id', description: 'ai_job_queue job id (u128, decimal)' };

/** Operator actions on the jobs this service works on (its work ledger). */
@ApiTags('jobs')
@Controller('jobs')
export class OperatorController {
  constructor(@Inject(API_JOB_OPERATOR) private readonly operator: JobOperator | null) {}

  @Post(':id/retry')
  @HttpCode(200)
  @RequireScopes('jobs:operate')
  @ApiOperation({
    summary:
      'Runs a failed job again from its first attempt (deadline not passed, escrow not settled)',
  })
  @ApiParam(ID_PARAM)
  @ZodResponse({ status: 200, type: WorkStateResponseDto })
  @ApiErrorResponses(400, 404, 409, 429, 500)
  async retry(
    @Param(new ZodValidationPipe(JobIdParamDto)) params: JobIdParamDto,
    @Principal() principal: ApiPrincipal,
  ): Promise<WorkStateBody> {
    return workState(await this.requireOperator().retry(params.id, principal.sub));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequireScopes('jobs:operate')
  @ApiOperation({
    summary:
      'Stops a job that has not finished (a running attempt is aborted); it ends cancelled and is never paid (custodial escrow refunded)',
  })
  @ApiParam(ID_PARAM)
  @ZodResponse({ status: 200, type: WorkStateResponseDto })
  @ApiErrorResponses(400, 404, 409, 429, 500)
  async cancel(
    @Param(new ZodValidationPipe(JobIdParamDto)) params: JobIdParamDto,
    @Principal() principal: ApiPrincipal,
  ): Promise<WorkStateBody> {
    return workState(await this.requireOperator().cancel(params.id, principal.sub));
  }

  private requireOperator(): JobOperator {
    if (this.operator === null) {
      throw new AppError('NOT_FOUND', 'the job engine is off on this instance: no jobs to operate');
    }
    return this.operator;
  }
}

function workState(work: JobWork): WorkStateBody {
  return {
    jobId: work.queueJobId.toString(),
    state: work.state,
    attempts: work.attempts,
    reason: work.reason,
    settlement: work.settlement,
    finishedAt: work.finishedAt?.toISOString() ?? null,
  };
}
