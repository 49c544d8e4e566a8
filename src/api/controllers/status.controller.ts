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
import { LeaderQuery } from '../queries/leader-query';
import { ServiceStatsQuery } from '../queries/service-stats-query';
import { API_CLOCK } from '../tokens';
import type { Clock } from '../../shared';

@ApiTags('chain')
@Controller()
export class StatusController {
  constructor(
    @Inject(ServiceStatusQuery) private readonly status: ServiceStatusQuery,
    @Inject(ContractProbe) private readonly contracts: ContractProbe,
    @Inject(ContractActivityQuery) private readonly activity: ContractActivityQuery,
    @Inject(ServiceStatsQuery) private readonly stats: ServiceStatsQuery,
    @Inject(LeaderQuery) private readonly leader: LeaderQuery,
    @Inject(API_CLOCK) private readonly clock: Clock,
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
    const [status, leader] = await Promise.all([this.status.read(), this.leader.read()]);
    return toStatusBody(status, this.clock.now(), leader);
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
