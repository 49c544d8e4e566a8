import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ContractActivityQuery, ContractProbe, ServiceStatusQuery } from '../../observability';
import { ApiErrorResponses } from '../api-error-responses';
import { toContractsBody } from '../bodies/contracts-body';
import { toStatusBody } from '../bodies/status-body';
import { ContractsResponseDto, type ContractsBody } from '../dto/contracts.dto';
import { StatsResponseDto, type StatsBody } from '../dto/stats.dto';
import { StatusResponseDto, type StatusBody } from '../dto/status.dto';
import { ServiceStatsQuery } from '../queries/service-stats-query';

@ApiTags('chain')
@Controller()
export class StatusController {
  constructor(
    @Inject(ServiceStatusQuery) private readonly status: ServiceStatusQuery,
    @Inject(ContractProbe) private readonly contracts: ContractProbe,
    @Inject(ContractActivityQuery) private readonly activity: ContractActivityQuery,
    @Inject(ServiceStatsQuery) private readonly stats: ServiceStatsQuery,
  ) {}

  @Get('stats')
  @ApiOperation({
    summary:
      'Totals: events, on-chain jobs by status, engine work by state, success rate, execution p50/p95, escrows, outbox, MEV',
  })
  @ZodResponse({ status: 200, type: StatsResponseDto })
  @ApiErrorResponses(429, 500)
  getStats(): Promise<StatsBody> {
    return this.stats.read();
  }

  @Get('status')
  @ApiOperation({ summary: 'Cursors, chain head, lag, RPC endpoints, stored counts' })
  @ZodResponse({ status: 200, type: StatusResponseDto })
  @ApiErrorResponses(429, 500)
  async getStatus(): Promise<StatusBody> {
    return toStatusBody(await this.status.read());
  }

  @Get('contracts')
  @ApiOperation({ summary: 'The six contracts; reachable = a dry run of a cheap getter succeeded' })
  @ZodResponse({ status: 200, type: ContractsResponseDto })
  @ApiErrorResponses(429, 500)
  async getContracts(): Promise<ContractsBody> {
    return toContractsBody(
      ...(await Promise.all([this.contracts.probeAll(), this.activity.read()])),
    );
  }
}
