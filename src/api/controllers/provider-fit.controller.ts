import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ZodResponse, ZodValidationPipe } from 'nestjs-zod';
import { DEFAULT_ESTIMATED_SECONDS, ProviderFitQuery } from '../../providers';
import { AppError } from '../../shared';
import { ApiErrorResponses } from '../api-error-responses';
import { JobIdParamDto } from '../dto/jobs.dto';
import {
  ProviderFitQueryDto,
  ProviderFitResponseDto,
  toProviderFitBody,
  type ProviderFitBody,
} from '../dto/provider-fit.dto';

@ApiTags('jobs')
@Controller('jobs')
export class ProviderFitController {
  constructor(@Inject(ProviderFitQuery) private readonly fits: ProviderFitQuery) {}

  @Get(':id/providers')
  @ApiOperation({
    summary: 'Which indexed providers fit the job: active, staked, within budget; ranked',
  })
  @ApiParam({ name: 'id', description: 'ai_job_queue job id (u128, decimal)' })
  @ZodResponse({ status: 200, type: ProviderFitResponseDto })
  @ApiErrorResponses(400, 404, 429, 500)
  async providers(
    @Param(new ZodValidationPipe(JobIdParamDto)) params: JobIdParamDto,
    @Query(new ZodValidationPipe(ProviderFitQueryDto)) query: ProviderFitQueryDto,
  ): Promise<ProviderFitBody> {
    const fit = await this.fits.fit(params.id, query.estimatedSeconds ?? DEFAULT_ESTIMATED_SECONDS);
    if (fit === null) {
      throw new AppError(
        'NOT_FOUND',
        `job ${params.id} is not known (not submitted or not indexed yet)`,
        { id: params.id.toString() },
      );
    }
    return toProviderFitBody(fit);
  }
}
