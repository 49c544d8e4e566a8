import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse, ZodValidationPipe } from 'nestjs-zod';
import { ApiErrorResponses } from '../api-error-responses';
import {
  ListQuarantineQueryDto,
  MoneyResponseDto,
  PIPELINE_DEFAULT_MINUTES,
  PipelineQueryDto,
  PipelineResponseDto,
  QuarantinePageDto,
  type MoneyBody,
  type PipelineBody,
  type QuarantinePageBody,
} from '../dto/operations.dto';
import { OperationsQuery } from '../queries/operations-query';

/** What the operator dashboard (`/`) reads beyond /status and /stats; read-only. */
@ApiTags('operations')
@Controller()
export class OperationsController {
  constructor(@Inject(OperationsQuery) private readonly operations: OperationsQuery) {}

  @Get('stats/pipeline')
  @ApiOperation({
    summary:
      'Jobs finished per minute and the mean latency of each pipeline stage, over the last minutes',
  })
  @ZodResponse({ status: 200, type: PipelineResponseDto })
  @ApiErrorResponses(400, 429, 500)
  pipeline(
    @Query(new ZodValidationPipe(PipelineQueryDto)) query: PipelineQueryDto,
  ): Promise<PipelineBody> {
    return this.operations.pipeline(query.minutes ?? PIPELINE_DEFAULT_MINUTES);
  }

  @Get('stats/money')
  @ApiOperation({
    summary:
      'Escrows by state, released and refunded totals, flagged escrows, signer balances against their threshold',
  })
  @ZodResponse({ status: 200, type: MoneyResponseDto })
  @ApiErrorResponses(429, 500)
  money(): Promise<MoneyBody> {
    return this.operations.money();
  }

  @Get('quarantine')
  @ApiOperation({
    summary: 'Quarantined contract events (undecodable), newest first, with reasons',
  })
  @ZodResponse({ status: 200, type: QuarantinePageDto })
  @ApiErrorResponses(400, 429, 500)
  quarantine(
    @Query(new ZodValidationPipe(ListQuarantineQueryDto)) query: ListQuarantineQueryDto,
  ): Promise<QuarantinePageBody> {
    return this.operations.quarantine(query);
  }
}
